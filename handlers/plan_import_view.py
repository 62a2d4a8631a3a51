"""How an import looks in chat: the preview with its counts, the warnings and changes, the
result. Pure functions of the summary."""

from __future__ import annotations

import re
from html import escape

from aiogram.types import InlineKeyboardMarkup

from bot.callback_data import ImportButton, ImportChoice
from bot.i18n import Translator
from bot.text import fit_html, short_date
from handlers.screens import button, keyboard
from services.plan_import import ImportSummary
from services.plans.model import ImportWarning, ParsedPlan


def preview_keyboard(sha: str, warnings: int, _: Translator) -> InlineKeyboardMarkup:
    token = sha[:16]
    rows = [
        [button(_("btn-import-save"), ImportButton(action=ImportChoice.SAVE, token=token))],
        [
            button(_("btn-import-title"), ImportButton(action=ImportChoice.TITLE, token=token)),
            button(_("btn-import-period"), ImportButton(action=ImportChoice.PERIOD, token=token)),
        ],
    ]
    if warnings:
        rows.append(
            [
                button(
                    _("btn-import-warnings", count=warnings),
                    ImportButton(action=ImportChoice.WARNINGS, token=token),
                )
            ]
        )
    rows.append([button(_("btn-import-cancel"), ImportButton(action=ImportChoice.CANCEL, token=token))])
    return keyboard(*rows)


def render_preview(summary: ImportSummary, parsed: ParsedPlan, file_name: str, _: Translator) -> str:
    lines = [
        _("import-preview-title", title=escape(summary.title))
        if summary.title
        else _("import-preview-no-title", file=escape(file_name))
    ]
    if parsed.period:
        lines.append(
            _(
                "import-preview-period",
                start=short_date(parsed.period.start),
                end=short_date(parsed.period.end),
            )
        )
    else:
        lines.append(_("import-preview-no-period"))
    lines.append(_("import-preview-counts", sections=summary.sections, items=summary.items))
    kinds = {kind: summary.kinds.get(kind, 0) for kind in ("window", "recurring", "ongoing", "unspecified")}
    lines.append(_("import-preview-kinds", **kinds))
    if summary.warnings:
        lines.append(_("import-preview-warnings", count=summary.warnings))
    diff = summary.diff
    if diff is None:
        lines.append(_("import-preview-new"))
    elif diff.is_empty:
        lines.append(_("import-preview-same"))
    else:
        lines.append(
            _(
                "import-preview-update",
                added=len(diff.added),
                removed=len(diff.removed),
                changed=len(diff.changed),
            )
        )
    if summary.own_org:
        lines.append(_("import-preview-own", org=escape(summary.own_org)))
    lines.append("")
    lines.append(_("import-preview-confirm"))
    return fit_html("\n".join(lines))


def render_saved(summary: ImportSummary, _: Translator) -> str:
    if summary.diff is None:
        text = _("import-saved", sections=summary.sections, items=summary.items)
    else:
        d = summary.diff
        text = _("import-updated", added=len(d.added), removed=len(d.removed), changed=len(d.changed))
    if summary.own_org:
        text += "\n" + _("import-saved-own", org=escape(summary.own_org))
    return text


def render_warning(warning: ImportWarning, _: Translator) -> str:
    params: dict[str, object] = {
        key: int(value) if value.isdigit() else escape(localize_ref(value, _))
        for key, value in warning.params.items()
    }
    text = _(f"import-warning-{warning.code}", **params)
    return f"• {text} ({localize_ref(warning.where, _)})" if warning.where else f"• {text}"


def localize_ref(ref: str, _: Translator) -> str:
    return re.sub(r"\b(line|row|table|sheet|paragraph)\b", lambda m: _(f"ref-{m.group(1)}"), ref)


def render_details(summary: ImportSummary, parsed: ParsedPlan, _: Translator) -> list[str]:
    lines = [_("import-warnings-title")]
    lines += [render_warning(w, _) for w in parsed.warnings] or [_("import-warnings-none")]
    diff = summary.diff
    if diff is not None and not diff.is_empty:
        lines += ["", _("import-changes-title")]
        lines += [_("import-change-added", item=escape(x)) for x in diff.added]
        lines += [_("import-change-removed", item=escape(x)) for x in diff.removed]
        lines += [_("import-change-changed", item=escape(x)) for x in diff.changed]
    return lines
