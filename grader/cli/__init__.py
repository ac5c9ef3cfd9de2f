"""The `learn` command. Each command parses its options, calls the library, renders, and sets
the exit code: 0 when everything passed, 1 when a check failed, 2 for a usage error.

The commands live in modules by who uses them: learner (list, check, hint, init, reset, show),
pictures (plot) and watch, quiz (quiz, interview, progress) and instructor (grade, nbgrader, notebook)."""

from __future__ import annotations

import click


class _Learn(click.Group):
    def main(self, *args, **kwargs):
        from grader.cli.common import plain_output_where_needed

        plain_output_where_needed()  # before anything prints, --help included
        return super().main(*args, **kwargs)


@click.group(cls=_Learn, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="backprop-lab")
def main():
    """backprop-lab: implement the training loop in numpy, graded against torch.autograd.

    Start with `learn list`, edit a file under exercises/, then `learn check exercise1`.
    """


# Registering the commands: each module decorates its functions with @main.command.
from grader.cli import instructor, learner, pictures, quiz, watch  # noqa: E402,F401
