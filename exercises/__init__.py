"""The exercise stubs. Edit a file here, then run `learn check exerciseN`.

This folder also ships inside the package as grader.stubs, for `learn init`; zh/ holds the same
stubs with their docstrings and comments in Chinese (grader.stubs.zh, `learn init --lang zh`).
"""
