"""The reading template of the original list's author: the body of a new note."""

from __future__ import annotations

READING_TEMPLATE = """\
## Summary

- **What is studied:**
- **Innovation:**
- **Method:**
- **Conclusion:**

## Research entry point

- **Methods used:**
- **Strengths and limits:**
- **How to improve:**
"""
