"""Synthetic tracker data at the size of a ministry's archive, for benchmarks and load tests.

Deterministic: the same seed, sizes and last day give the same records. Several summit
series between different pairs of countries, each with its summits, a commission and
its working groups holding numbered sessions, officials, ministries, meetings with
participants, outcome documents, agreements, action items with a history of status
updates and relations to earlier ones, and a source behind every summit, meeting,
document, agreement, item and final status.

The entry point is `generate.synthetic_generate` (the `generate_synthetic` command). It
runs the stages, each a module, in this order: `reference` (places, governments and
ministries, officials), `series` (summit series and summits, commissions, press
reports), `meetings`, `documents` (summits' joint statements and sessions' protocols,
with numbered paragraphs), `items` (action items, a session's citing its protocol's
paragraph on their sector, and their status updates), `agreements` (signed at summits
and sessions, with signatories, mechanisms and the items they carry; summits' lists of
outcomes), `lineage` (items restated summit after summit reaffirm or supersede the
earlier); `run` holds what they share (sizes, the seeded draw, the writing of rows) and
`vocabulary` the words they use, read from `data/`.
"""

from .generate import is_empty, synthetic_generate
from .run import DEFAULT_UNTIL, Sizes

__all__ = ["DEFAULT_UNTIL", "Sizes", "is_empty", "synthetic_generate"]
