"""Which drafted meeting a passage of a report comes from: the meeting its sentence tells
of, or else the last meeting held before it in the report. Commitments, outcome documents
and agreements are all linked this way."""

import bisect

from .text import Sentence


class Origins:
    def __init__(self, meetings: list[dict]) -> None:
        drafted = [m for m in meetings if m["slug"]]
        # Looked up, not searched for: which meeting each sentence tells of, and the
        # meetings held in reading order.
        self.told_in = {s.index: m for m in reversed(drafted) for s in m["event"].sentences}
        held = sorted(
            (m["event"].sentences[0].index, -n, m)
            for n, m in enumerate(drafted)
            if not m["event"].planned
        )
        self.held_starts = [index for index, _, _ in held]
        self.held = [m for _, _, m in held]

    def of(self, *sentences: Sentence) -> dict | None:
        """The meeting the first of `sentences` comes from; later ones are tried in turn
        for the meeting they tell of."""
        for sentence in sentences:
            if sentence.index in self.told_in:
                return self.told_in[sentence.index]
        before = bisect.bisect_right(self.held_starts, sentences[0].index)
        return self.held[before - 1] if before else None
