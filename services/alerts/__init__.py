"""Deadline alerts: which alerts are due (rules), for whom and when (preferences), the sweep
that records them exactly once, and the weekly summary."""
