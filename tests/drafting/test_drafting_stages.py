"""The drafter stage by stage: one case per pattern of issue 11 §1, on short texts of our own.

Dates, places and people are read alone (no database); whole drafts go through
`report_draft` with the reference data (countries, sectors) the migrations load.
"""

import datetime as dt

import pytest

from summits.drafting import report_draft
from summits.drafting.acronyms import acronyms_in
from summits.drafting.dates import dates_in
from summits.drafting.people import PeopleReader
from summits.drafting.places import gazetteer
from summits.drafting.text import report_read
from summits.models import Person

D = dt.date
TODAY = D(2026, 3, 5)  # a Thursday


# Dates ------------------------------------------------------------------------------


def _one_date(text: str, today: dt.date = TODAY):
    found = dates_in(text, today)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "shown", "precision", "relative"),
    [
        ("The ministers signed the protocol on 3 March 2026 in Lima.", "3 March 2026", "day", 0),
        ("Talks opened on March 3, 2026, at the foreign ministry.", "3 March 2026", "day", 0),
        (
            "The envoy arrived in Accra on 3rd March for two days of talks.",
            "3 March 2026",
            "day",
            0,
        ),
        (
            "The memorandum, dated 03.03.2026, was published by the ministry.",
            "3 March 2026",
            "day",
            0,
        ),
        ("The two delegations met on Tuesday in Nairobi.", "3 March 2026", "day", 1),
        ("The two delegations will meet on Tuesday in Nairobi.", "10 March 2026", "day", 1),
        ("The minister landed in Rabat yesterday.", "4 March 2026", "day", 1),
        ("The minister toured the port of Mombasa last week.", "late February 2026", "late", 1),
        ("The joint commission will meet next month.", "April 2026", "month", 1),
        ("The two countries signed a fisheries pact earlier this year.", "2026", "year", 1),
        ("The agreement is due to be signed later this month.", "March 2026", "month", 1),
        ("The summit is expected early next year.", "Q1 2027", "quarter", 1),
        ("Customs rules will be aligned by the end of the quarter.", "late March 2026", "late", 1),
        ("The sides will open a trade office within six months.", "September 2026", "month", 1),
        ("A visa agreement will be ratified within 90 days.", "3 June 2026", "day", 1),
    ],
)
def test_dates_each_form(text, shown, precision, relative):
    found = _one_date(text)
    assert (str(found.value), found.value.precision, found.relative) == (
        shown,
        precision,
        bool(relative),
    )
    assert text[found.start : found.end] == found.text


def test_dates_a_weekday_reads_by_the_tense_not_by_the_word():
    past = _one_date("The delegations held talks in Nairobi on Tuesday.")
    future = _one_date("The delegations are scheduled to hold talks in Nairobi on Tuesday.")
    assert (past.value.start, future.value.start) == (D(2026, 3, 3), D(2026, 3, 10))


def test_dates_a_weekday_reads_by_the_tense_of_its_own_clause():
    """The sentence's "would meet" is another clause's: the call was last Tuesday."""
    past = _one_date(
        "She said she had told him in a phone call on Tuesday, and that the ministers would "
        "meet at a date to be agreed."
    )
    future = _one_date("The ministers met in Lima, and they would hold talks in Quito on Tuesday.")
    alone = _one_date("He said the ministers would hold talks on Tuesday.")
    assert (past.value.start, future.value.start, alone.value.start) == (
        D(2026, 3, 3),
        D(2026, 3, 10),
        D(2026, 3, 10),
    )


def test_a_call_told_beside_a_meeting_still_to_be_dated_is_drafted(db):
    records = _draft(
        "AMMAN, March 4 (Petra) - Jordanian Foreign Minister Ayman Safadi held talks with "
        "Egyptian Foreign Minister Badr Abdelatty in Amman on Wednesday. Safadi said he had "
        "informed Iraqi Foreign Minister Fuad Hussein of the decision in a phone call on "
        "Tuesday, and that the three foreign ministers would meet at a date to be agreed.\n"
    )
    [call] = [m for m in _of(records, "meeting") if m["kind"] == "call"]
    assert call["date_start"] == "2026-03-03"
    assert _participants(records, call["slug"]) == {"ayman-safadi", "fuad-hussein"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("They agreed to conclude the review by September.", "September 2026"),
        ("He pledged to finish the road by February.", "February 2027"),
        ("In February, they agreed to set up a working group.", "February 2026"),
    ],
)
def test_dates_after_a_commitment_lie_ahead(text, shown):
    assert str(_one_date(text).value) == shown


def test_dates_later_this_month_late_in_the_month_is_its_last_third():
    found = _one_date("The treaty is due to be ratified later this month.", D(2026, 3, 24))
    assert str(found.value) == "late March 2026"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Yesterday the foreign minister flew to Windhoek.", "4 March 2026"),
        ("Last week the minister toured the port of Mombasa.", "late February 2026"),
        ("Next month the joint commission will meet in Quito.", "April 2026"),
        ("Earlier this year the two sides signed a fisheries pact.", "2026"),
        ("Later this month the agreement is due to be signed.", "March 2026"),
        ("Early next year the leaders are expected to meet again.", "Q1 2027"),
        ("Within six months the two sides will open a trade office.", "September 2026"),
        ("By the end of the quarter customs rules will be aligned.", "late March 2026"),
    ],
)
def test_dates_are_read_whatever_the_case_at_the_start_of_a_sentence(text, shown):
    assert str(_one_date(text).value) == shown


# Places -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "city", "country"),
    [
        ("Bogotá", "Bogotá", "CO"),
        ("Bogota", "Bogotá", "CO"),
        ("Hà Nội", "Hanoi", "VN"),
        ("Nuku‘alofa", "Nuku‘alofa", "TO"),
        ("Ulaanbaatar", "Ulan Bator", "MN"),
        ("Gdańsk", "Gdańsk", "PL"),
    ],
)
def test_places_any_city_of_the_world(name, city, country):
    found = gazetteer().city(name)
    assert found is not None
    assert (found.name, found.country) == (city, country)


def test_places_cities_are_found_in_running_text():
    text = "The envoy flew from Bogotá to Nuku‘alofa, with a stop in Hà Nội."
    cities = [(m.text, m.city.name) for m in gazetteer().mentions(text) if m.city]
    assert cities == [("Bogotá", "Bogotá"), ("Nuku‘alofa", "Nuku‘alofa"), ("Hà Nội", "Hanoi")]


def test_places_a_venue_is_in_its_city_not_the_city_it_is_named_after():
    text = "The two prime ministers held talks at Hyderabad House on Friday."
    [mention] = gazetteer().mentions(text)
    assert mention.venue
    assert (mention.city.name, mention.city.country) == ("New Delhi", "IN")
    assert mention.text == "Hyderabad House"


@pytest.mark.parametrize(
    ("text", "word", "country"),
    [
        ("A Kenyan delegation arrived on Monday.", "Kenyan", "KE"),
        ("Talks with Vietnamese officials resumed.", "Vietnamese", "VN"),
        ("The Brazilian side proposed a new route.", "Brazilian", "BR"),
    ],
)
def test_places_demonyms_name_their_country(text, word, country):
    [mention] = gazetteer().mentions(text)
    assert (mention.text, mention.country, mention.demonym, mention.city) == (
        word,
        country,
        True,
        None,
    )
    assert gazetteer().country(word) == country


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Kenya", "KE"),
        ("Côte d'Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("South Korea", "KR"),
        ("Russia", "RU"),
        ("the United States", None),  # the article is not part of the name
        ("United States", "US"),
    ],
)
def test_places_countries_by_their_names(name, country):
    assert gazetteer().country(name) == country


def test_places_a_city_state_is_a_country_and_its_city():
    [mention] = gazetteer().mentions("The ministers met in Singapore on Friday.")
    assert (mention.country, mention.state) == ("SG", True)
    assert mention.city is not None and mention.city.name == "Singapore"


# People -----------------------------------------------------------------------------


def _people(text: str):
    reader = PeopleReader(gazetteer(), recorded=[])
    sentences = report_read(text).sentences
    mentions = reader.read(sentences)
    return reader, sentences, mentions


def _person(reader, name):
    [person] = [p for p in reader.people if p.name == name]
    return person


def test_people_title_before_the_name_set_off_by_commas():
    reader, *_ = _people(
        "The Minister of Trade, Ana Silva, said exports to Angola rose by a fifth last year."
    )
    assert [p.name for p in reader.people] == ["Ana Silva"]
    assert "Minister of Trade" in reader.people[0].title


def test_people_counterpart_gives_the_title_and_the_country():
    reader, *_ = _people(
        "Indian Defence Minister Rajnath Singh held talks with his Russian counterpart "
        "Andrei Belousov in Qingdao on Thursday."
    )
    assert {p.name for p in reader.people} == {"Rajnath Singh", "Andrei Belousov"}
    belousov = _person(reader, "Andrei Belousov")
    assert belousov.country == "RU"
    assert _person(reader, "Rajnath Singh").country == "IN"


def test_people_title_after_the_name_and_the_honorific_left_out():
    reader, *_ = _people(
        "Mr. Takehiro Funakoshi, Vice-Minister for Foreign Affairs of Japan, received the "
        "delegation in Tokyo."
    )
    [person] = reader.people
    assert person.name == "Takehiro Funakoshi"
    assert person.title.startswith("Vice-Minister for Foreign Affairs")
    assert person.country == "JP"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Shri Ashwini Vaishnaw inaugurated the new rail link on Monday.", "Ashwini Vaishnaw"),
        ("Dr. Amina Yusuf, Nigeria's Minister of Health, opened the clinic.", "Amina Yusuf"),
        ("H.E. Abdulla Khalil, Minister of Economy of the Maldives, arrived.", "Abdulla Khalil"),
        (
            "Mr. Pedro Alvarado, the Foreign Minister of Honduras, welcomed the deal.",
            "Pedro Alvarado",
        ),
    ],
)
def test_people_honorifics_are_kept_out_of_the_name(text, name):
    reader, *_ = _people(text)
    assert [p.name for p in reader.people] == [name]


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Chinese Vice Premier He Lifeng met business leaders in Shanghai.", "He Lifeng", "CN"),
        ("South Korean Foreign Minister Cho Tae-yul arrived in Manila.", "Cho Tae-yul", "KR"),
        (
            "Vietnamese Deputy Prime Minister Trần Hồng Hà opened the forum in Hanoi.",
            "Trần Hồng Hà",
            "VN",
        ),
        (
            "Vietnamese Minister of Industry and Trade Đặng Hoàng An arrived in Hanoi.",
            "Đặng Hoàng An",
            "VN",
        ),
        ("Hungarian Foreign Minister Szijjártó Péter was quoted by MTI.", "Szijjártó Péter", "HU"),
    ],
)
def test_people_family_name_first_kept_in_order(text, name, country):
    reader, *_ = _people(text)
    person = _person(reader, name)
    assert person.country == country


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Turkish Trade Minister Ömer Bolat visited the fair in Izmir.", "Ömer Bolat"),
        ("Polish Deputy Foreign Minister Łukasz Wiśniewski spoke first.", "Łukasz Wiśniewski"),
        ("Vietnamese Trade Minister Nguyễn Văn Đức signed the accord.", "Nguyễn Văn Đức"),
        ("Turkish Energy Minister Ayşe Çelik toured the plant.", "Ayşe Çelik"),
    ],
)
def test_people_names_keep_their_diacritics(text, name):
    reader, *_ = _people(text)
    assert [p.name for p in reader.people] == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zambian Defence Minister Ambrose Lufuma arrived in Lusaka on Monday.", "Ambrose Lufuma"),
        (
            "Zambian Defence Minister Chipoka Mulenga arrived in Lusaka on Monday.",
            "Chipoka Mulenga",
        ),
    ],
)
def test_people_the_given_name_is_part_of_the_name(text, name):
    reader, *_ = _people(text)
    assert [p.name for p in reader.people] == [name]


def test_people_a_single_name():
    reader, *_ = _people(
        "Indonesian Foreign Minister Sugiono held talks with his Malaysian counterpart "
        "in Kuala Lumpur on Monday."
    )
    person = _person(reader, "Sugiono")
    assert person.country == "ID"
    assert "Foreign Minister" in person.title


def test_people_later_references_by_surname_and_by_title_are_the_same_person():
    reader, sentences, mentions = _people(
        "Kenyan Foreign Minister Musalia Mudavadi arrived in Lisbon on Monday. "
        "Mudavadi said the talks would focus on fisheries. "
        "The foreign minister is expected to return to Nairobi on Friday."
    )
    [person] = reader.people
    assert person.name == "Musalia Mudavadi"
    assert person.country == "KE"
    by_surname = [m.person for m in mentions[sentences[1].index]]
    by_title = [m.person for m in mentions[sentences[2].index]]
    assert by_surname and all(p is person for p in by_surname)
    assert by_title and all(p is person for p in by_title)


def test_people_family_name_first_later_referred_to_by_family_name():
    reader, sentences, mentions = _people(
        "South Korean Foreign Minister Cho Tae-yul arrived in Manila on Sunday. "
        "Cho told reporters that the visit would deepen ties with ASEAN."
    )
    cho = _person(reader, "Cho Tae-yul")
    assert [m.person for m in mentions[sentences[1].index]] == [cho]


def test_people_country_from_a_demonym_before_the_title():
    reader, *_ = _people(
        "Kenyan Cabinet Secretary for Trade Lee Kinyanjui opened the expo in Kampala."
    )
    person = _person(reader, "Lee Kinyanjui")
    assert person.country == "KE"


# Whole drafts ---------------------------------------------------------------------------


def _draft(text: str, published: dt.date = TODAY, **options) -> list[dict]:
    return report_draft(text=text, published=published, **options)


def _of(records: list[dict], model: str) -> list[dict]:
    return [r["fields"] for r in records if r["model"] == f"summits.{model}"]


def _records(records: list[dict], model: str) -> list[dict]:
    return [r for r in records if r["model"] == f"summits.{model}"]


def _participants(records: list[dict], meeting: str) -> set[str]:
    return {p["person"][0] for p in _of(records, "participation") if p["meeting"] == [meeting]}


def test_draft_slugs_transliterate_special_letters(db):
    records = _draft(
        "HANOI, March 4 (VNA) - Vietnamese Minister of Industry and Trade Đặng Hoàng Long held "
        "talks with Polish Deputy Foreign Minister Łukasz Kowal in Hanoi on Wednesday.\n\n"
        "The two ministers discussed rice exports and shipbuilding.\n"
    )
    slugs = {p["slug"] for p in _of(records, "person")}
    assert {"dang-hoang-long", "lukasz-kowal"} <= slugs
    [meeting] = _of(records, "meeting")
    assert _participants(records, meeting["slug"]) == {"dang-hoang-long", "lukasz-kowal"}


def test_draft_people_only_quoted_or_met_before_are_not_participants(db):
    records = _draft(
        "ACCRA, March 4 (Reuters) - Ghanaian Foreign Minister Samuel Ablakwa held talks with "
        "Togolese Foreign Minister Robert Dussey in Accra on Wednesday.\n\n"
        '"This visit opens a new chapter," government spokesperson Felix Kwakye Ofosu said.\n\n'
        "Ablakwa last met Ivorian Foreign Minister Kacou Houadja Léon Adom in Abidjan in 2019.\n"
    )
    [meeting] = _of(records, "meeting")
    assert meeting["date_start"] == "2026-03-04"
    assert meeting["place"] == ["accra"]
    assert _participants(records, meeting["slug"]) == {"samuel-ablakwa", "robert-dussey"}
    people = {p["person"][0] for p in _of(records, "participation")}
    assert not {"felix-kwakye-ofosu", "kacou-houadja-leon-adom"} & people


def test_draft_a_phone_call(db):
    records = _draft(
        "Argentine Foreign Minister Gerardo Werthein spoke by phone with Chilean Foreign "
        "Minister Alberto van Klaveren on Tuesday about the shared border crossings.\n"
    )
    [call] = _of(records, "meeting")
    assert (call["kind"], call["date_start"]) == ("call", "2026-03-03")
    assert _participants(records, call["slug"]) == {"gerardo-werthein", "alberto-van-klaveren"}


def test_draft_a_video_conference(db):
    records = _draft(
        "Canadian Trade Minister Mary Ng and Ecuadorian Trade Minister Sonsoles García held "
        "talks by video conference on Monday on the free trade agreement.\n"
    )
    [call] = _of(records, "meeting")
    assert (call["kind"], call["date_start"]) == ("call", "2026-03-02")
    assert call["place"] is None
    assert _participants(records, call["slug"]) == {"mary-ng", "sonsoles-garcia"}


def test_draft_a_session_numbered_in_words(db):
    records = _draft(
        "The thirty-second session of the Kenya-Tanzania Joint Permanent Commission opened in "
        "Nairobi on Wednesday with a review of cross-border trade.\n"
    )
    [session] = _of(records, "meeting")
    assert session["kind"] == "commission_session"
    assert (session["session_number"], session["date_start"]) == (32, "2026-03-04")
    assert session["place"] == ["nairobi"]


def test_draft_the_session_of_their_commission(db):
    records = _draft(
        "Kenya and Ethiopia on Wednesday wrapped up the 5th session of their Joint Ministerial "
        "Commission in Nairobi. The session was co-chaired by Kenyan Cabinet Secretary for "
        "Foreign Affairs Musalia Mudavadi and Ethiopian Foreign Minister Gedion Timothewos.\n"
    )
    [session] = _of(records, "meeting")
    assert (session["kind"], session["session_number"]) == ("commission_session", 5)
    assert session["commission"] == ["joint-ministerial-commission"]


def test_draft_a_session_under_a_dateline_is_dated_by_its_weekday(db):
    records = _draft(
        "NAIROBI, March 5 (KNA) - The thirty-second session of the Kenya-Tanzania Joint "
        "Permanent Commission opened in Nairobi on Wednesday with a review of cross-border "
        "trade.\n"
    )
    [session] = _of(records, "meeting")
    assert (session["session_number"], session["date_start"]) == (32, "2026-03-04")


def test_draft_a_working_group(db):
    records = _draft(
        "The India-Australia Joint Working Group on Critical Minerals met in Perth on Tuesday "
        "to review lithium and cobalt projects.\n"
    )
    groups = [m for m in _of(records, "meeting") if m["kind"] == "working_group"]
    assert len(groups) == 1, _of(records, "meeting")
    assert (groups[0]["date_start"], groups[0]["place"]) == ("2026-03-03", ["perth"])


def test_draft_separate_bilateral_meetings_are_two_meetings(db):
    records = _draft(
        "ASTANA, March 4 (Reuters) - Turkish Foreign Minister Hakan Fidan held separate talks "
        "in Astana on Wednesday with Kazakh Foreign Minister Murat Nurtleu and with Kyrgyz "
        "Foreign Minister Jeenbek Kulubaev.\n"
    )
    meetings = _of(records, "meeting")
    assert len(meetings) == 2, meetings
    pairs = {frozenset(_participants(records, m["slug"])) for m in meetings}
    assert pairs == {
        frozenset({"hakan-fidan", "murat-nurtleu"}),
        frozenset({"hakan-fidan", "jeenbek-kulubaev"}),
    }


def test_what_is_said_of_one_of_separate_meetings_is_that_meetings_alone(db):
    """Each of the separate meetings keeps its own sentences: what was discussed with
    Nurtleu (energy) is not said of the talks with Kulubaev (health), nor the reverse."""
    records = _draft(
        "ASTANA, March 4 (Reuters) - Turkish Foreign Minister Hakan Fidan held separate talks "
        "in Astana on Wednesday with Kazakh Foreign Minister Murat Nurtleu and with Kyrgyz "
        "Foreign Minister Jeenbek Kulubaev. With Nurtleu, he discussed oil and gas pipelines "
        "and agreed to hold the next round of consultations in the coming months. The talks "
        "with Kulubaev focused on hospitals and vaccines. Fidan last visited Astana in May "
        "2019 to discuss tourism.\n"
    )
    sectors = {
        frozenset(_participants(records, m["slug"])): {s for [s] in m["sectors"]}
        for m in _of(records, "meeting")
    }
    assert sectors == {
        frozenset({"hakan-fidan", "murat-nurtleu"}): {"energy"},
        frozenset({"hakan-fidan", "jeenbek-kulubaev"}): {"health"},
    }


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        (
            "a review of the ASEAN-India Trade in Goods Agreement (AITIGA).",
            {"AITIGA": "ASEAN-India Trade in Goods Agreement"},
        ),
        ("the Gulf Cooperation Council (GCC) met", {"GCC": "Gulf Cooperation Council"}),
        ("SANTIAGO, March 4 (Xinhua) -- Chilean", {}),  # a publisher, not an acronym
        ("the Foreign Office (FCDO) said", {}),  # letters that are not the initials
    ],
)
def test_acronyms_are_defined_by_the_initials_of_the_words_before_them(text, defined):
    assert acronyms_in(text) == defined


def test_a_commitment_on_an_acronym_is_about_what_its_long_form_says(db):
    records = _draft(
        "JAKARTA, March 4 (Antara) - The ministers reviewed the ASEAN-India Trade in Goods "
        "Agreement (AITIGA) and a new space programme in Jakarta on Wednesday. They agreed "
        "to conclude the AITIGA review by the end of the year.\n"
    )
    [item] = _of(records, "actionitem")
    assert item["sectors"] == [["trade"]]


def test_a_meeting_of_countries_takes_one_minister_each_not_those_of_later_meetings(db):
    records = _draft(
        "BRASILIA, March 4 (Reuters) - Foreign ministers from Brazil, Argentina and Uruguay "
        "met in Brasilia on Wednesday. Brazilian Foreign Minister Mauro Vieira said the bloc "
        "was united. Uruguayan Foreign Minister Mario Lubetkin and Argentine Foreign Minister "
        "Gerardo Werthein backed him. Werthein will travel to Sao Paulo on Thursday to meet "
        "Brazil's Minister of Development, Rafael Moura.\n"
    )
    [meeting] = [m for m in _of(records, "meeting") if m["place"] == ["brasilia"]]
    assert _participants(records, meeting["slug"]) == {
        "mauro-vieira",
        "mario-lubetkin",
        "gerardo-werthein",
    }


def test_plans_as_a_noun_do_not_make_a_meeting_held_today_a_planned_one(db):
    records = _draft(
        "LIMA, March 4 (Reuters) - Foreign ministers from Peru, Bolivia and Chile met in "
        "Lima on Wednesday. Peruvian Foreign Minister Elmer Schialer and Bolivian Foreign "
        "Minister Celinda Sosa also held a separate bilateral meeting in the city on "
        "Wednesday morning, pledging to sign a gas agreement, the centrepiece of their "
        "energy plans.\n"
    )
    assert [(m["date_start"], m["place"]) for m in _of(records, "meeting")] == [
        ("2026-03-04", ["lima"]),  # the three countries' ministers
        ("2026-03-04", ["lima"]),  # the two of them apart, "in the city"
    ]


def test_draft_a_telephone_talk_under_its_headline_is_one_call_on_its_day(db):
    records = _draft(
        "Telephone Talk between Foreign Minister Iwaya and Foreign Minister Wong\n\n"
        "On March 2, Mr. Takeshi Iwaya, Minister for Foreign Affairs of Japan, held a "
        "telephone talk with Ms. Penny Wong, Minister for Foreign Affairs of Australia.\n"
    )
    [call] = _of(records, "meeting")
    assert (call["kind"], call["date_start"]) == ("call", "2026-03-02")
    assert _participants(records, call["slug"]) == {"takeshi-iwaya", "penny-wong"}


def test_draft_a_multilateral_meeting_of_four_countries(db):
    records = _draft(
        "CANBERRA, March 4 (AAP) - The foreign ministers of Australia, India, Japan and the "
        "United States met in Canberra on Wednesday. Australian Foreign Minister Penny Wong "
        "hosted Indian External Affairs Minister Subrahmanyam Jaishankar, Japanese Foreign "
        "Minister Takeshi Iwaya and U.S. Secretary of State Marco Rubio.\n"
    )
    [meeting] = _of(records, "meeting")
    assert (meeting["date_start"], meeting["place"]) == ("2026-03-04", ["canberra"])
    assert _participants(records, meeting["slug"]) == {
        "penny-wong",
        "subrahmanyam-jaishankar",
        "takeshi-iwaya",
        "marco-rubio",
    }


def test_draft_a_meeting_on_the_sidelines_of_an_event(db):
    records = _draft(
        "GENEVA, March 4 (AFP) - Swiss Foreign Minister Ignazio Cassis met Norwegian Foreign "
        "Minister Espen Barth Eide on the sidelines of the Human Rights Council in Geneva on "
        "Wednesday.\n"
    )
    [meeting] = _of(records, "meeting")
    assert meeting["place"] == ["geneva"]
    assert meeting["date_start"] == "2026-03-04"
    assert "sidelines of the Human Rights Council" in meeting["title"]
    assert _participants(records, meeting["slug"]) == {"ignazio-cassis", "espen-barth-eide"}


@pytest.mark.parametrize(
    "text",
    [
        "LUSAKA, March 4 (ZNBC) - The Zambia-Malawi Joint Permanent Commission on Defence and "
        "Security held its 12th session in Lusaka on Tuesday.\n\n"
        "The session was co-chaired by Zambian Defence Minister Chipoka Mulenga and Malawian "
        "Defence Minister Harry Mkandawire.\n\n"
        "The meeting agreed to step up joint patrols along the border.\n",
        "LUSAKA, March 4 (ZNBC) - The 12th session of the Zambia-Malawi Joint Permanent "
        "Commission on Defence and Security opened in Lusaka on Tuesday, co-chaired by Zambian "
        "Defence Minister Chipoka Mulenga and Malawian Defence Minister Harry Mkandawire.\n",
    ],
    ids=["co-chairs-named-after", "co-chairs-in-the-same-sentence"],
)
def test_draft_one_event_co_chaired_by_two_ministers_is_drafted_once(db, text):
    records = _draft(text)
    meetings = _of(records, "meeting")
    assert len(meetings) == 1, meetings
    [session] = meetings
    assert (session["session_number"], session["date_start"]) == (12, "2026-03-03")
    assert _participants(records, session["slug"]) == {"chipoka-mulenga", "harry-mkandawire"}


def test_draft_a_historical_meeting_is_not_drafted(db):
    records = _draft(
        "President Gustavo Petro received Ecuadorian President Daniel Noboa in Bogotá on "
        "Wednesday.\n\n"
        "In 2019 the two countries' leaders met in Quito to sign a border agreement.\n"
    )
    meetings = _of(records, "meeting")
    assert [m["date_start"] for m in meetings] == ["2026-03-04"]
    assert meetings[0]["place"] == ["bogota"]


def test_draft_a_firmly_scheduled_meeting_with_its_date_and_place(db):
    records = _draft(
        "Belgian Prime Minister Bart De Wever will hold talks with Dutch Prime Minister Dick "
        "Schoof in Antwerp on 18 March 2026, the Belgian government said on Thursday.\n"
    )
    [meeting] = _of(records, "meeting")
    assert (meeting["date_start"], meeting["date_precision"]) == ("2026-03-18", "day")
    assert meeting["place"] == ["antwerp"]
    assert _participants(records, meeting["slug"]) == {"bart-de-wever", "dick-schoof"}
    assert not _of(records, "actionitem")  # a planned meeting is not a commitment


@pytest.mark.parametrize(
    ("text", "number", "status"),
    [
        (
            "The Ninth Mexico-Canada Leaders' Summit was held in Ottawa on Monday.",
            9,
            "held",
        ),
        (
            "The eleventh Mexico-Canada Leaders' Summit will take place in Ottawa on 12 June.",
            11,
            "scheduled",
        ),
        (
            "The twenty-first Mexico-Canada Leaders' Summit, planned for Ottawa in June, has "
            "been postponed.",
            21,
            "postponed",
        ),
        (
            "The 14th Mexico-Canada Leaders' Summit, which was to open in Ottawa in June, has "
            "been cancelled.",
            14,
            "cancelled",
        ),
    ],
)
def test_draft_summits_with_their_number_and_status(db, text, number, status):
    records = _draft(text + "\n")
    [summit] = _of(records, "summit")
    assert (summit["number"], summit["status"]) == (number, status)
    assert summit["host_place"] == ["ottawa"]


def test_draft_an_announced_summit_is_anticipated(db):
    records = _draft(
        "Mexico and Canada announced on Wednesday that they would hold the tenth Mexico-Canada "
        "Leaders' Summit later this year.\n"
    )
    [summit] = _of(records, "summit")
    assert summit["number"] == 10
    assert summit["status"] in ("anticipated", "scheduled")
    assert summit["date_start"].startswith("2026")


def _items(text: str) -> list[dict]:
    return _of(_draft(text), "actionitem")


@pytest.mark.parametrize(
    ("sentence", "due", "precision"),
    [
        (
            "The two ministers agreed to open a direct flight between Lagos and Nairobi by "
            "December 2026.",
            "2026-12-01",
            "month",
        ),
        (
            "Kenya will remove the visa fee for Nigerian traders within six months.",
            "2026-09-01",
            "month",
        ),
        (
            "The ministers decided that a joint customs post would open at the border by the "
            "end of June 2026.",
            "2026-06-21",
            "late",
        ),
        (
            "Nigeria pledged to double its purchases of Kenyan tea by 2028.",
            "2028-01-01",
            "year",
        ),
        (
            "The two countries set a target of $100 billion in bilateral trade by 2030.",
            "2030-01-01",
            "year",
        ),
    ],
)
def test_draft_commitments_each_wording(db, sentence, due, precision):
    text = (
        "Nigerian Foreign Minister Yusuf Tuggar held talks with Kenyan Foreign Minister "
        f"Musalia Mudavadi in Abuja on Wednesday.\n\n{sentence}\n"
    )
    records = _draft(text)
    items = _of(records, "actionitem")
    assert len(items) == 1, items
    [item] = items
    assert (item["due_start"], item["due_precision"]) == (due, precision)
    assert sentence in item["text"]
    [meeting] = _of(records, "meeting")
    assert item["origin_meeting"] == [meeting["slug"]]


DECISIONS = (
    "The 5th session of the Ghana-Burkina Faso Permanent Joint Commission for Cooperation "
    "was held in Accra on Tuesday. The session took the following decisions:\n"
    "1. The Ministry of Roads and Highways of Ghana will complete the Paga border road "
    "by December 2026.\n"
    "2. The Ministry of Energy of Burkina Faso will connect the Ouagadougou grid to "
    "Bolgatanga by June 2027.\n"
)


def test_draft_numbered_decisions_each_with_its_deadline_and_origin(db):
    records = _draft(DECISIONS)
    [session] = _of(records, "meeting")
    assert session["session_number"] == 5
    items = _of(records, "actionitem")
    assert sorted((i["due_start"], i["due_precision"]) for i in items) == [
        ("2026-12-01", "month"),
        ("2027-06-01", "month"),
    ]
    assert all(i["origin_meeting"] == [session["slug"]] for i in items)


def test_draft_numbered_decisions_name_the_responsible_ministry(db):
    records = _draft(DECISIONS)
    organisations = {o["slug"]: o for o in _of(records, "organisation")}
    for item in _of(records, "actionitem"):
        [responsible] = item.get("responsible", [])
        ministry = organisations[responsible[0]]["name"]
        assert ministry.split(" of ")[1] in item["text"], (ministry, item["text"])
    names = {o["name"] for o in organisations.values()}
    assert any("Roads and Highways" in n for n in names), names
    assert any("Ministry of Energy" in n for n in names), names


def test_draft_two_commitments_in_one_sentence_keep_both_deadlines(db):
    text = (
        "Peruvian Foreign Minister Elmer Schialer held talks with Bolivian Foreign Minister "
        "Celinda Sosa in Lima on Wednesday.\n\n"
        "The two sides agreed to reopen the Desaguadero rail link by June 2026 and to sign a "
        "Lake Titicaca water accord by the end of the year.\n"
    )
    items = _items(text)
    assert sorted((i["due_start"], i["due_precision"]) for i in items) == [
        ("2026-06-01", "month"),
        ("2026-12-21", "late"),
    ]


def test_draft_a_commitment_with_its_own_subject_keeps_it(db):
    text = (
        "Peruvian Foreign Minister Elmer Schialer held talks with Bolivian Foreign Minister "
        "Celinda Sosa in Lima on Wednesday.\n\n"
        "Peru pledged to decide on work permits for Bolivian nurses within 30 days, while "
        "Bolivia will fast-track the registration of Peruvian fertilisers.\n"
    )
    assert sorted(item["title"] for item in _items(text)) == [
        "Bolivia will fast-track the registration of Peruvian fertilisers",
        "Peru pledged to decide on work permits for Bolivian nurses within 30 days",
    ]


def test_draft_a_sentence_that_only_describes_is_not_a_commitment(db):
    text = (
        "Peruvian Foreign Minister Elmer Schialer held talks with Bolivian Foreign Minister "
        "Celinda Sosa in Lima on Wednesday.\n\n"
        "Bilateral trade between the two countries reached $1.8 billion last year.\n\n"
        "The two ministers will meet again in La Paz in May.\n"
    )
    assert _items(text) == []


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        (
            "LIMA, March 4 (Reuters) - Peru and Chile held talks on lithium on Wednesday.\n",
            "Reuters",
        ),
        (
            "Peru and Chile held talks on lithium in Lima on Wednesday.\n\n— Xinhua\n",
            "Xinhua",
        ),
        (
            "Peru and Chile held talks on lithium in Lima on Wednesday.\n\n"
            "Source: Ministry of Foreign Affairs of Peru\n",
            "Ministry of Foreign Affairs of Peru",
        ),
        (
            "India and Chile held talks on lithium in New Delhi on Wednesday.\n\n"
            "(Based On PTI Report)\n",
            "PTI",
        ),
    ],
)
def test_draft_publisher_from_the_dateline_or_the_credit_line(db, text, publisher):
    [source] = _of(_draft(text), "source")
    assert source["publisher"] == publisher


def test_draft_a_recorded_person_is_linked_not_drafted_again(db):
    Person.objects.create(
        slug="mauricio-lizcano",
        name="Mauricio Lizcano",
        title="Minister of Foreign Affairs of Colombia",
    )
    records = _draft(
        "Colombian Foreign Minister Mauricio Lizcano held talks with Panamanian Foreign "
        "Minister Javier Martínez-Acha in Bogotá on Wednesday.\n"
    )
    drafted = {p["slug"] for p in _of(records, "person")}
    assert "mauricio-lizcano" not in drafted
    assert "javier-martinez-acha" in drafted
    [meeting] = _of(records, "meeting")
    assert _participants(records, meeting["slug"]) == {"mauricio-lizcano", "javier-martinez-acha"}


def test_draft_a_close_but_different_spelling_is_offered_as_a_candidate(db):
    Person.objects.create(slug="ana-maria-silva", name="Ana Maria Silva")
    records = _draft(
        "Brazilian Trade Minister Ana Maria Sylva held talks with Angolan Trade Minister "
        "Rui Miguéns in Luanda on Wednesday.\n"
    )
    people = {r["fields"]["slug"]: r for r in _records(records, "person")}
    assert "ana-maria-silva" not in people  # not guessed to be the recorded one
    drafted = people["ana-maria-sylva"]
    assert drafted["fields"]["name"] == "Ana Maria Sylva"
    assert {"slug": "ana-maria-silva", "name": "Ana Maria Silva"} in drafted["draft"]["candidates"]
