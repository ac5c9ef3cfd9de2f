"""Do the building blocks of the checks describe their calls as a learner needs to read them?"""

from __future__ import annotations

import numpy as np

from grader.checks.base import Call


def test_does_a_signature_show_shapes_instead_of_the_values_inside_lists_and_tuples():
    params = [np.zeros((3, 2)), np.zeros(3), np.array(0.5)]
    call = Call("sgd_step", (tuple(params), params, (np.ones(2),), 0.3))
    assert call.signature() == ("sgd_step((float64 (3, 2), float64 (3,), float64 ()), "
                                "[float64 (3, 2), float64 (3,), float64 ()], (float64 (2,),), 0.3)")
