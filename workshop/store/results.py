"""What a search result can be, and how many are shown: the command line's choices, read without
loading the search itself."""

INTERVENTION = "intervention"
FINDING = "finding"
KEY_POINT = "key point"
SYNTHESIS = "synthesis"
RESULT_KINDS = (INTERVENTION, FINDING, KEY_POINT, SYNTHESIS)  # in the order lists show them

DEFAULT_LIMIT = 100
