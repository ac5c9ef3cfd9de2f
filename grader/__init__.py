"""backprop-lab's grader: numpy exercises checked against torch, with feedback that names mistakes.

The library API (the `learn` command is a thin layer over it):

    from grader import registry, grade_file, grade_submission
    result = grade_file(registry.get("exercise3"), "exercises/exercise3_softmax_jacobian.py")
    result.score, result.max_score, [check.status for check in result.checks]

Results are plain data (grader.results); grader.render and grader.export turn them into text,
JSON, CSV or Gradescope files. Grading a class is grader.batch.grade, which returns the students'
records (grader.records) and the class summary.
"""


def __getattr__(name):
    # Imported on first use, so that `learn --help` and the registry stay light.
    if name in ("grade_file", "grade_submission", "VISIBLE_SEED"):
        from grader import grading

        return getattr(grading, name)
    raise AttributeError(name)
