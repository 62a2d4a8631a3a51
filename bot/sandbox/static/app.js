// The sandbox's chat page: one Telegram chat per demo person, kept up to date by server-sent
// events. Plain JavaScript, no build step; everything comes from the sandbox itself.
"use strict";

const page = {
  people: [],
  current: null, // the chosen person's id
  bot: "bot",
  inviteLink: "",
  shown: new Map(), // message id -> {node, key}: what is on screen, to change in place
  loading: false,
  again: false,
};

const $ = (id) => document.getElementById(id);

async function api(path, options = {}) {
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// ---- the bot's HTML, kept to what Telegram allows -------------------------------------------

const ALLOWED = new Set(["B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL", "CODE", "PRE",
  "A", "BLOCKQUOTE", "TG-SPOILER", "SPAN", "BR"]);

function safeNodes(html) {
  const source = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  const out = document.createDocumentFragment();
  const copy = (from, into) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        into.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (!ALLOWED.has(node.tagName)) { copy(node, into); continue; }
        const element = document.createElement(node.tagName === "TG-SPOILER" ? "span" : node.tagName);
        if (node.tagName === "A") {
          const href = node.getAttribute("href") || "";
          if (/^(https?:|tg:)/i.test(href)) element.setAttribute("href", href);
          element.setAttribute("target", "_blank");
          element.setAttribute("rel", "noopener");
        }
        copy(node, element);
        into.appendChild(element);
      }
    }
  };
  copy(source, out);
  return out;
}

function startParameter(href) {
  // t.me/<bot>?start=…: opened as "/start …" by the person chosen, as Telegram would.
  try {
    const url = new URL(href);
    if (!/^(www\.)?t(elegram)?\.me$/i.test(url.hostname)) return null;
    if (url.pathname.replace(/^\//, "").toLowerCase() !== page.bot.toLowerCase()) return null;
    return url.searchParams.get("start");
  } catch (error) {
    return null;
  }
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link) return;
  const start = startParameter(link.href);
  if (start !== null && page.current !== null) {
    event.preventDefault();
    sendText(start ? `/start ${start}` : "/start");
  }
});

// ---- people ---------------------------------------------------------------------------------

function renderPeople() {
  const nav = $("people");
  nav.replaceChildren();
  for (const person of page.people) {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "who" + (person.id === page.current ? " active" : "");
    chip.dataset.person = person.id;
    chip.title = `${person.role} — ${person.org}`;
    chip.textContent = person.name;
    if (person.unread && person.id !== page.current) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = person.unread;
      chip.appendChild(badge);
    }
    chip.addEventListener("click", () => choose(person.id));
    nav.appendChild(chip);
  }
  const active = nav.querySelector(".who.active");
  if (active) active.scrollIntoView({ block: "nearest", inline: "nearest" });
  const person = page.people.find((p) => p.id === page.current);
  const about = $("persona");
  about.replaceChildren();
  if (person) {
    about.append(`${person.name} · ${person.role} · ${person.org}`);
    if (page.inviteLink && person.role.includes("приглаш")) {
      about.append(document.createElement("br"), "Ссылка-приглашение: ");
      const link = document.createElement("a");
      link.href = page.inviteLink;
      link.textContent = page.inviteLink;
      about.append(link);
    }
  }
}

function choose(id) {
  if (page.current === id) return;
  page.current = id;
  page.shown.clear();
  $("messages").replaceChildren();
  location.hash = String(id);
  renderPeople();
  refresh();
}

// ---- the chat -------------------------------------------------------------------------------

function bubbleOf(message) {
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (message.photo) {
    const image = document.createElement("img");
    image.src = message.photo;
    image.alt = "фото";
    image.loading = "lazy";
    bubble.appendChild(image);
  }
  if (message.document) {
    const link = document.createElement("a");
    link.className = "doc";
    link.href = message.document.url;
    link.download = message.document.name;
    const icon = document.createElement("span");
    icon.className = "icon";
    icon.textContent = "📄";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = message.document.name;
    const size = document.createElement("span");
    size.className = "size";
    size.textContent = ` ${Math.max(1, Math.round(message.document.size / 1024))} КБ`;
    link.append(icon, name, size);
    bubble.appendChild(link);
  }
  if (message.text) {
    const text = document.createElement("div");
    text.className = "text";
    if (message.html) text.appendChild(safeNodes(message.text));
    else text.textContent = message.text;
    bubble.appendChild(text);
  }
  if (message.edits) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.textContent = "изменено";
    bubble.appendChild(edited);
  }
  return bubble;
}

function buttonsOf(message) {
  const box = document.createElement("div");
  box.className = "inline";
  for (const row of message.buttons) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.text;
      element.title = button.text;
      if (button.callback_data !== undefined) {
        element.addEventListener("click", () => press(message.id, button.callback_data));
      } else if (button.url) {
        element.addEventListener("click", () => {
          const start = startParameter(button.url);
          if (start !== null) sendText(start ? `/start ${start}` : "/start");
          else window.open(button.url, "_blank", "noopener");
        });
      }
      line.appendChild(element);
    }
    box.appendChild(line);
  }
  return box;
}

function renderMessages(messages) {
  const list = $("messages");
  const chat = $("chat");
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  const wanted = new Set();
  let previous = null;
  let index = 0;
  while (index < messages.length) {
    const message = messages[index];
    // An album: its photos side by side in one message, as Telegram shows it.
    let group = [message];
    if (message.album) {
      while (index + group.length < messages.length && messages[index + group.length].album === message.album) {
        group.push(messages[index + group.length]);
      }
    }
    index += group.length;
    const id = message.id;
    wanted.add(id);
    const key = JSON.stringify(group.map((m) => [m.edits, m.text, m.buttons, m.photo]));
    let entry = page.shown.get(id);
    if (!entry || entry.key !== key) {
      const node = entry ? entry.node : document.createElement("div");
      node.className = "msg " + (message.from_bot ? "bot" : "me");
      node.dataset.id = id;
      node.dataset.edits = message.edits;
      node.replaceChildren();
      if (group.length > 1) {
        const bubble = document.createElement("div");
        bubble.className = "bubble";
        const grid = document.createElement("div");
        grid.className = "album";
        for (const part of group) {
          const image = document.createElement("img");
          image.src = part.photo;
          image.alt = "фото";
          grid.appendChild(image);
        }
        bubble.appendChild(grid);
        const caption = group.find((m) => m.text);
        if (caption) {
          const text = document.createElement("div");
          text.textContent = caption.text;
          bubble.appendChild(text);
        }
        node.appendChild(bubble);
      } else {
        node.appendChild(bubbleOf(message));
      }
      if (message.buttons && message.buttons.length) node.appendChild(buttonsOf(message));
      entry = { node, key };
      page.shown.set(id, entry);
    }
    // Keep the order Telegram has, moving a node only when it is out of place.
    const expected = previous ? previous.nextSibling : list.firstChild;
    if (expected !== entry.node) list.insertBefore(entry.node, expected);
    previous = entry.node;
  }
  for (const [id, entry] of page.shown) {
    if (!wanted.has(id)) { entry.node.remove(); page.shown.delete(id); }
  }
  if (atBottom) chat.scrollTop = chat.scrollHeight;
}

function renderKeyboard(rows) {
  const keyboard = $("keyboard");
  keyboard.replaceChildren();
  for (const row of rows || []) {
    const line = document.createElement("div");
    line.className = "row";
    for (const text of row) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.title = text;
      button.addEventListener("click", () => sendText(text));
      line.appendChild(button);
    }
    keyboard.appendChild(line);
  }
}

let toastTimer = null;
function showToasts(toasts) {
  if (!toasts || !toasts.length) return;
  const toast = $("toast");
  const last = toasts[toasts.length - 1];
  toast.textContent = last.text;
  toast.className = "toast" + (last.alert ? " alert" : "");
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, last.alert ? 6000 : 2500);
}

async function refresh() {
  // One fetch at a time; a change meanwhile asks for one more afterwards.
  if (page.loading) { page.again = true; return; }
  page.loading = true;
  try {
    const state = await api("/api/state");
    page.people = state.people;
    page.bot = state.bot;
    page.inviteLink = state.invite_link;
    $("bot-name").textContent = `@${state.bot}`;
    showClock(state.clock);
    if (page.current === null) {
      const fromHash = Number(location.hash.slice(1));
      page.current = page.people.some((p) => p.id === fromHash) ? fromHash : page.people[0].id;
    }
    if (page.current !== null) {
      const chat = await api(`/api/chats/${page.current}`);
      renderMessages(chat.messages);
      renderKeyboard(chat.keyboard);
      showToasts(chat.toasts);
      // The chosen chat was just read: its badge goes.
      const person = page.people.find((p) => p.id === page.current);
      if (person) person.unread = 0;
    }
    renderPeople();
  } catch (error) {
    console.warn(error);
  } finally {
    page.loading = false;
    if (page.again) { page.again = false; refresh(); }
  }
}

function showClock(clock) {
  $("clock").textContent = `🕒 ${clock.now}` + (clock.speed !== 1 ? ` ×${clock.speed}` : "");
}

// ---- acting -----------------------------------------------------------------------------------

async function post(path, body) {
  await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function sendText(text) {
  if (page.current === null) return;
  post(`/api/chats/${page.current}/text`, { text });
}

function press(messageId, data) {
  post(`/api/chats/${page.current}/press`, { message_id: messageId, data });
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("input");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  sendText(text);
});

$("files").addEventListener("change", async (event) => {
  const files = [...event.target.files];
  if (!files.length || page.current === null) return;
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  const caption = $("input").value.trim();
  if (caption) { form.append("caption", caption); $("input").value = ""; }
  event.target.value = "";
  await fetch(`/api/chats/${page.current}/upload`, { method: "POST", body: form });
});

// ---- live updates -----------------------------------------------------------------------------

let seenVersion = -1;
function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = (event) => {
    const data = JSON.parse(event.data);
    showClock(data.clock);
    if (data.version !== seenVersion) { seenVersion = data.version; refresh(); }
  };
  events.onerror = () => { events.close(); setTimeout(listen, 1000); };
}

refresh();
listen();
