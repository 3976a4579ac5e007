"""The user's call site of a gingham function: the first Python frame outside gingham and NumPy, for
warnings and errors that should point at the user's line (or the library line) that called in."""

import os
import sys

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _inside(filename):
    if filename.startswith("<__array_function__"):  # NumPy's generated dispatchers
        return True
    filename = os.path.abspath(filename)
    return filename.startswith(_PACKAGE + os.sep) or f"{os.sep}numpy{os.sep}" in filename


def outside_frame():
    """Local. (frame, stacklevel): the first frame outside gingham and NumPy on the way to the caller of this
    function, and the ``stacklevel`` that makes warnings.warn, called by that caller, point at it; (None,
    the stack's depth) when there is none."""
    frame, level = sys._getframe(1), 1
    while frame is not None and _inside(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    return frame, level
