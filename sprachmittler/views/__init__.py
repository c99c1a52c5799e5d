"""Screens of the interpreter booking, one module per role (requester, coordinator,
dispatcher, interpreter) plus what they share (common.py)."""
