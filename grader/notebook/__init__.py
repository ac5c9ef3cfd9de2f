"""Jupyter notebooks, in three parts: build (making nbgrader and student notebooks), kernel (what
their check cells run inside Jupyter) and course (nbgrader course folders and the gradebook).

Notebooks already handed out import the check functions from here, so they stay importable here.
"""

from grader.notebook.kernel import check_in_notebook, check_notebook  # noqa: F401
