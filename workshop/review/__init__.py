"""Review of what a notebook holds: coverage of the questions and statistics of the speakers.

Dataclasses and sentences from the catalogue and rows of counts, no Textual. The counts come
either from records (`SessionRecord`, as the exporters hold them) or from SQLite over a set of
sessions (`statistics_in`, `coverage_in`; see workshop/store/tallies.py), which reads no
intervention whole. The app's review screens, `workshop stats` and the summary exporter use them.
"""

from workshop.review.coverage import (
    QuestionCoverage,
    TopicCoverage,
    coverage,
    coverage_in,
    topic_coverage,
    topic_coverage_in,
)
from workshop.review.statistics import (
    MeetingTally,
    Statistics,
    Tally,
    duration,
    statement_line,
    statistics,
    statistics_in,
)

__all__ = [
    "MeetingTally", "QuestionCoverage", "Statistics", "Tally", "TopicCoverage", "coverage", "coverage_in",
    "duration", "statement_line", "statistics", "statistics_in", "topic_coverage", "topic_coverage_in",
]
