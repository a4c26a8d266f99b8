"""Review of what a notebook holds: coverage of the questions and statistics of the speakers.

Pure functions from records (`SessionRecord`) and the catalogue to dataclasses and sentences; no
database, no Textual. The app's review screens, `workshop stats` and the summary exporter use them.
"""

from workshop.review.coverage import QuestionCoverage, TopicCoverage, coverage, topic_coverage
from workshop.review.statistics import (
    MeetingTally,
    Statistics,
    Tally,
    duration,
    statement_line,
    statistics,
)

__all__ = [
    "MeetingTally", "QuestionCoverage", "Statistics", "Tally", "TopicCoverage", "coverage",
    "duration", "statement_line", "statistics", "topic_coverage",
]
