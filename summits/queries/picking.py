"""Records named in a few words: the list filters' text boxes and their pickers.

A filter box takes a slug in any case, a record's name, an acronym or a person's other
spelling, and for a commission session its number ("26th session of the IRIGC-TEC",
"IRIGC-TEC 26"). `records_named` finds the records the words name exactly (a filter
needs one); `records_matching` those they may be the start of (a picker offers them).
Each is one query. `records_listed` reads the several records a filter of "any of these"
is given, in one query when they are slugs (the form a shared address has).
"""

import re
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from ..models import Agreement, Meeting, Organisation, OutcomeDocument, Person, Place
from ..search import trigram_q

# What a picker may be asked about: the records the list filters name by slug.
PICKABLE: dict[str, type[Model]] = {
    "meeting": Meeting,
    "organisation": Organisation,
    "person": Person,
    "place": Place,
    "agreement": Agreement,
    "document": OutcomeDocument,
}
PICKS = 20  # a picker's options at most
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")  # as SlugField takes them, lowercase

_ORDINAL = r"(?P<number>\d{1,4})(?:st|nd|rd|th)?"
# "26th session of the IRIGC-TEC", "26th session", "26"; then "IRIGC-TEC 26", "IRIGC-TEC-26".
_SESSION_PATTERNS = [
    re.compile(rf"{_ORDINAL}(?:\s+session)?(?:\s+of\s+(?:the\s+)?(?P<commission>.+))?", re.I),
    re.compile(rf"(?:the\s+)?(?P<commission>.+?)[\s-]+{_ORDINAL}(?:\s+session)?", re.I),
]


@dataclass(frozen=True)
class Pick:
    slug: str
    label: str


def records_named(model: type[Model], text: str, *, limit: int) -> list[Model]:
    """The records of `model` that `text` names exactly (case aside), at most `limit`.

    A record whose slug it is comes alone: a slug names one record even where another's
    name happens to read the same.
    """
    text = text.strip()
    if not text:
        return []
    # A slug, as an address carries it: the slug's own unique index answers at once, where
    # the names' case-blind comparison reads every candidate (25 ms over 100,000
    # meetings). A name typed like a slug that is none costs this one query more.
    if _SLUG.fullmatch(text) and (by_slug := list(_read_lightly(model.objects.filter(slug=text)))):
        return by_slug
    exact = text.lower()
    records = _read_lightly(model.objects.filter(_text_q(model, text, "iexact")))
    if model is Person:
        # `aliases` holds one spelling a line: the query finds the text anywhere in it.
        records = records[: limit * 5]
        records = [
            person
            for person in records
            if exact in {person.slug, person.name.lower()}
            or exact in (alias.lower() for alias in person.alias_list)
        ]
    records = list(records[:limit])
    by_slug = [record for record in records if record.slug == exact]
    return by_slug or records


def records_listed(
    model: type[Model], texts: list[str], *, limit: int
) -> list[tuple[str, list[Model]]]:
    """Each text given with the records it names (`records_named`), in order. A text
    that names no record as a whole is read as a list, separated by semicolons, then by
    commas, and each part comes with its own records: a name may hold a comma ("Consulate
    General of India, Kazan"), a slug never does.

    Slugs, as a shared address gives them, are all read in one query; each other name
    costs one.
    """
    texts = [text.strip() for text in texts if text.strip()]
    slugs = {*texts, *(part.strip() for text in texts for part in re.split("[;,]", text))}
    by_slug = {r.slug: r for r in _read_lightly(model.objects.filter(slug__in=slugs))}

    def listed(text: str, separators: str) -> list[tuple[str, list[Model]]]:
        if record := by_slug.get(text):
            return [(text, [record])]
        if not separators:
            return [(text, named(text))]
        split = [part.strip() for part in text.split(separators[0]) if part.strip()]
        if len(split) < 2:
            return listed(text, separators[1:])
        if not all(part in by_slug for part in split) and (whole := named(text)):
            return [(text, whole)]
        return [each for part in split for each in listed(part, separators[1:])]

    def named(text: str) -> list[Model]:
        return records_named(model, text, limit=limit)

    return [each for text in texts for each in listed(text, ";,")]


def records_matching(model: type[Model], text: str, *, limit: int = PICKS) -> list[Pick]:
    """The records `text` may be the start of a name of: for a picker, `limit` at most."""
    text = text.strip()
    if not text:
        return []
    records = _read_lightly(model.objects.filter(_text_q(model, text, "icontains")))[:limit]
    return [Pick(record.slug, str(record)) for record in records]


# Per model, the fields besides the slug a record may be typed as.
_NAME_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Meeting: ("title",),
    Organisation: ("name", "acronym"),
    Person: ("name",),
    Agreement: ("title",),
    OutcomeDocument: ("title",),
}


def _text_q(model: type[Model], text: str, lookup: str) -> Q:
    """Records whose slug or a name field matches `text` by `lookup` ("iexact": names it;
    "icontains": may be meant by it)."""
    q = Q(**{f"slug__{lookup}": text})
    for field in _NAME_FIELDS.get(model, ("name",)):
        q |= Q(**{f"{field}__{lookup}": text})
    # Tens of thousands of meetings: on SQLite their trigram index narrows them to those
    # holding the text (as any name it names or may start does) before LIKE reads each.
    if model is Meeting:
        q &= trigram_q(Meeting, ("title", "slug"), text, using="default") or Q()
    if model is Person:  # other spellings, one text of several names: a part of it
        q |= Q(aliases__icontains=text)
    if model is Meeting:
        q |= _session_q(text, lookup)
    return q


def _session_q(text: str, lookup: str) -> Q:
    """The commission sessions `text` names by number, and by commission if it says one
    (its slug, acronym or name, compared by `lookup`)."""
    for pattern in _SESSION_PATTERNS:
        if match := pattern.fullmatch(text.strip()):
            break
    else:
        return Q(pk__in=[])
    q = Q(kind=Meeting.Kind.COMMISSION_SESSION, session_number=int(match["number"]))
    if commission := match["commission"]:
        q &= (
            Q(**{f"commission__slug__{lookup}": commission})
            | Q(**{f"commission__acronym__{lookup}": commission})
            | Q(**{f"commission__name__{lookup}": commission})
        )
    return q


def _read_lightly(records: QuerySet) -> QuerySet:
    # Only what a label and the alias check read, in the models' own order (meetings the
    # latest first, the others by name).
    if records.model is Meeting:
        return records.only("slug", "title", "date_start")
    if records.model is Person:
        return records.only("slug", "name", "aliases")
    if records.model is Organisation:
        return records.only("slug", "name", "acronym")
    if records.model in (Agreement, OutcomeDocument):
        return records.only("slug", "title")
    return records.only("slug", "name")
