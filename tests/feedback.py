"""What a check says of an answer, for the exercise tests (tests/test_exercises_*.py)."""

from unitevote.checks import evaluate


def status(exercise_id: str, answer) -> str:
    """The verdict: "correct", "misconception", "incorrect", "unanswered", ..."""
    return evaluate(exercise_id, answer).status


def misconception(exercise_id: str, answer) -> str:
    """The misconception the answer is recognised as (failing if it is recognised as none)."""
    feedback = evaluate(exercise_id, answer)
    assert feedback.status == "misconception", feedback.message
    return feedback.misconception
