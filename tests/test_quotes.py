"""Quote attribution on real text: the seed, the samples and sentences taken from them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk import config, evaluate, quotemarks, quotes, records
from newsdesk.speakers import describe

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = sorted((ROOT / "seeds").glob("*.txt"))


def by_text(qs, fragment):
    """The quote whose text contains ``fragment`` (exactly one must; else the one that is ``fragment``)."""
    hits = [q for q in qs if fragment in q.quote]
    if len(hits) > 1:
        hits = [q for q in hits if q.quote == fragment] or hits
    assert len(hits) == 1, (fragment, [q.quote for q in qs])
    return hits[0]


# --------------------------------------------------------------------------- the seed


def test_seed_required_quotes_found_with_their_speaker(seed_text, seed_gold):
    qs = quotes.extract(records.article_from_text(seed_text, config.SEED_ARTICLE_ID))
    for g in seed_gold["quotes"]:
        if not g.get("required"):
            continue
        q = next((q for q in qs if g["text"].strip(" ,.") in q.quote or q.quote.strip(" ,.") in g["text"]), None)
        assert q is not None, g["text"]
        assert evaluate.same_speaker(g["speaker"], q.speaker), (g["text"], g["speaker"], q.speaker)


def test_seed_scare_quote_is_a_label_counted_as_narration(seed_text):
    """“mission of peace” is a quoted label nobody is given as saying: kind scare, no speaker, and
    narration for the sentiment split (it was counted as quoted speech of "(unattributed)")."""
    from newsdesk import sentiment

    qs = quotes.extract(seed_text)
    q = by_text(qs, "mission of peace")
    assert (q.kind, q.speaker, q.cue) == ("scare", None, None)
    assert [x.quote for x in qs if x.kind == "scare"] == ["mission of peace"]
    spk = sentiment.speakers_frame(sentiment.analyze(seed_text, qs))
    assert "(unattributed)" not in spk["speaker"].tolist()


@pytest.mark.parametrize("text, label", [
    ("The group, which calls itself “Anonymous”, said nothing.", "Anonymous"),
    ("The so-called “Katherinator” plan was shelved on Monday.", "Katherinator"),
])
def test_a_short_quoted_name_without_speaker_or_cue_is_a_label(text, label):
    assert [(q.kind, q.quote) for q in quotes.extract(text) if q.speaker is None] == [("scare", label)]


def test_a_quote_with_a_cue_or_a_clause_is_no_label():
    qs = quotes.extract("“We will win,” she said. Ann Lee called it “a disgrace.” “Never,” he said.")
    assert all(q.kind != "scare" for q in qs), [(q.kind, q.quote) for q in qs]


def test_seed_speakers_roles_via_and_pronoun(seed_text):
    res = quotes.analyze(seed_text)
    kirby = by_text(res.quotes, "Although that seems")
    assert (kirby.speaker, kirby.speaker_mention, kirby.cue) == ("John Kirby", "he", "added")
    assert kirby.speaker_role == "spokesperson for the U.S. National Security Council"
    relayed = by_text(res.quotes, "territorial integrity")
    assert (relayed.speaker, relayed.via, relayed.cue) == ("Antony Blinken", "Bloomberg", "stated")
    us = by_text(res.quotes, "$350 million")
    assert (us.kind, us.speaker, us.speaker_type, us.cue) == ("indirect", "U.S.", "organization", "announced")
    assert res.speakers["Antony Blinken"]["role"] == "Secretary of State"
    assert {"Blinken", "Secretary of State Antony Blinken"} <= set(res.speakers["Antony Blinken"]["mentions"])


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_offsets_index_the_text(path):
    text = path.read_text(encoding="utf-8")
    art = records.article_from_text(text, path.stem)
    for q in quotes.extract(art):
        assert text[q.start:q.end] == q.quote
        assert q.kind in ("direct", "indirect", "mixed", "scare")
        assert q.speaker_type in ("person", "organization", "unknown")
        assert art.sentences[q.sentence].start <= q.start < art.sentences[q.sentence].end
        a, b = art.paragraphs[q.paragraph]
        assert a <= q.start < b


# --------------------------------------------------------------------------- quotation marks


@pytest.mark.parametrize("text, inner", [
    ('He said “the world should not be deceived” today.', "the world should not be deceived"),
    ('He said "the world should not be deceived" today.', "the world should not be deceived"),
    ("He said ‘the world should not be deceived’ today.", "the world should not be deceived"),
    ("He said «the world should not be deceived» today.", "the world should not be deceived"),
    ("He said „the world should not be deceived“ today.", "the world should not be deceived"),
    ("He said ‚the world should not be deceived‘ today.", "the world should not be deceived"),
    ("He said ‹the world should not be deceived› today.", "the world should not be deceived"),
    ("North Korea puts military in 'quasi-state of war'", "quasi-state of war"),
])
def test_every_quotation_mark_style(text, inner):
    spans, warnings = quotemarks.quoted_spans(text)
    assert [s.inner for s in spans] == [inner] and warnings == []


@pytest.mark.parametrize("text", [
    "Russia’s officials' claims don't hold, the Sheriff's office said.",
    "Teams from the '90s and Kim's robots",
])
def test_apostrophes_are_not_quotes(text):
    assert quotemarks.quoted_spans(text)[0] == []


def test_quote_over_several_paragraphs():
    text = ('Rathbun stated, "Daniel was picked up by an investigator.\n\n'
            '"He was deposited in an office on the 33rd floor."\n\nThe case continues.')
    spans, warnings = quotemarks.quoted_spans(text)
    assert len(spans) == 1 and spans[0].paragraphs == 2 and warnings == []
    q = quotes.extract(text)[0]
    assert q.quote.startswith("Daniel") and q.quote.endswith("33rd floor.") and q.speaker == "Rathbun"


def test_unbalanced_marks_keep_the_rest_and_warn():
    text = ('“A ceasefire at this time would essentially confirm Russia’s takeover,” according to John Kirby. '
            'He called it a “mission of peace.\n\nKirby spoke for ten minutes. “Although that seems rational,” he added.')
    res = quotes.analyze(text)
    assert [q.quote for q in res.quotes if q.kind == "direct"] == [
        "A ceasefire at this time would essentially confirm Russia’s takeover,", "Although that seems rational,"]
    assert any("unclosed quotation mark" in w for w in res.warnings)
    assert all(q.speaker == "John Kirby" for q in res.quotes)


def test_soccer_quote_continues_over_a_paragraph_break_without_reopening():
    text = (ROOT / "seeds" / "wikinews_soccer.txt").read_text(encoding="utf-8")
    res = quotes.analyze(records.article_from_text(text, "soccer"))
    gomez = by_text(res.quotes, "learned a lot")
    assert gomez.quote.endswith("focus better.") and gomez.speaker == "Hernan Dario Gomez"
    assert any("paragraph break" in w for w in res.warnings)


# --------------------------------------------------------------------------- attribution patterns
# Sentences from the samples in seeds/ (Wikinews, CC BY 2.5), one pattern a row.

PATTERNS = [
    # inverted cue after the quote, title before the name, surname folded into the full name
    ('Afghan Ambassador Hamdullah Mohib spoke. "Seventeen years ago, this would not have been possible at all," said Ambassador Mohib.',
     "Seventeen years", "direct", "Hamdullah Mohib", "said", "Ambassador"),
    # "X said," before the quote, appositive role
    ('Jeff Rathke, the State Department Spokesperson, said, "We urge the governments of the region to work together quickly".',
     "We urge", "direct", "Jeff Rathke", "said", "State Department Spokesperson"),
    # colon closing the paragraph before the quote
    ("US President Barack Obama tweeted using his @POTUS account:\n\n\"Cool clock, Ahmed. Want to bring it to the White House?\"",
     "Cool clock", "direct", "Barack Obama", "tweeted", "US President"),
    # reported speech without "that", name after a role with a place inside
    ("Environment Canada spokeswoman Sujata Raisinghani told CBC News the department will look into the incident.",
     "the department will look into the incident", "indirect", "Sujata Raisinghani", "told", "Environment Canada spokeswoman"),
    # "according to X" first, then the clause
    ("According to Afghan Ambassador to the United States Hamdullah Mohib, the participation of this team shows progress.",
     "the participation of this team shows progress", "indirect", "Hamdullah Mohib", "According to", "Afghan Ambassador to the United States"),
    # "..., according to ORG." at the end
    ("A storm yesterday caused a crane to fall into Mecca's Grand Mosque, killing 107, according to Saudi Arabia's Civil Defense Authority.",
     "A storm yesterday", "indirect", "Civil Defense Authority", "according to", None),
    # an aside between the speaker and the verb
    ('Civil Defense Authority director General Suleiman al-Amr, in remarks to al-Ikhbariya television, said "All those who were wounded have been taken to hospital."',
     "All those", "direct", "Suleiman al-Amr", "said", "Civil Defense Authority director General"),
    # "in a statement" between the verb and the reported clause
    ("Steve Whitmore, a representative for the LA Sheriff's office, told LA Weekly in a statement that the case was being dealt with as grand theft.",
     "the case was being dealt with as grand theft", "indirect", "Steve Whitmore", "told", "representative for the LA Sheriff's office"),
    # dash attribution
    ("“The world should not be deceived.” — Antony Blinken, Secretary of State",
     "The world should not be deceived.", "direct", "Antony Blinken", "—", None),
    # organization speakers: a news agency and a pronoun "it" after it
    ('"Foolhardy provocation deserves harsh punishment", said KCNA. "War maniacs made another grave provocation", it added.',
     "War maniacs", "direct", "KCNA", "added", None),
    # a country as speaker
    ("After the exchange of fire, North Korea stated it would attack any loudspeakers broadcasting propaganda.",
     "it would attack any loudspeakers", "indirect", "North Korea", "stated", None),
    # "X called Y "label"" and a colon-introduced quote that continues the same speaker
    ('The secretary general of CEI, Nunzio Galantino, has called the sentence "dangerous":\n\n"We face a dangerous sentence."',
     "We face a dangerous sentence.", "direct", "Nunzio Galantino", None, "secretary general of CEI"),
    # reported speech with a quoted phrase inside: one mixed quote
    ('The Straits Times noted what began as individual messages to Mohamed had grown into a "support movement".',
     "what began as individual messages", "mixed", "The Straits Times", "noted", None),
    # she resolves to the most recent compatible person
    ('Environment Canada spokeswoman Sujata Raisinghani told CBC News the department will look into the incident.\n\n'
     '"We take document security seriously," she said.',
     "We take document security seriously,", "direct", "Sujata Raisinghani", "said", "Environment Canada spokeswoman"),
    # coordinated verb: the subject of the clause
    ("Facebook co-founder Mark Zuckerberg tweeted to Mohamed and said the boy was welcome to come and tour the company.",
     "the boy was welcome", "indirect", "Mark Zuckerberg", "said", "Facebook co-founder"),
]


# Constructed in the style of wire copy, for patterns the samples lack.
PATTERNS += [
    # ", adding:" ends the reported clause and attributes the quote after it
    ("Prime Minister Rishi Sunak said Britain would stand with Ukraine “for as long as it takes”, adding: “Putin must fail.”",
     "Putin must fail.", "direct", "Rishi Sunak", "adding", "Prime Minister"),
    # an office speaks for its owner
    ("Speaker Mike Johnson’s office said the vote would take place on Wednesday.",
     "the vote would take place on Wednesday", "indirect", "Mike Johnson", "said", "Speaker"),
    # a relative clause between the subject and the verb
    ("The senators, who met behind closed doors, said they were close to a deal.",
     "they were close to a deal", "indirect", None, "said", "senators"),
    # she skips a man named more recently (given names are a gender hint); the title before her
    # name is her role
    ("Vice President Kamala Harris met President Joe Biden on Monday. She said the administration would not back down.",
     "the administration would not back down", "indirect", "Kamala Harris", "said", "Vice President"),
    # after a quote, "told supporters at a rally" is not reported speech
    ("“I don’t think that’s right,” Trump told supporters at a rally in Iowa.",
     "I don’t think that’s right,", "direct", "Trump", "told", None),
]


# Round 2: rules for the misses of the first held-out set (sentences from wikinews_imprisoned,
# wikinews_questionnaire, wikinews_defector, wikinews_homeopathic and the White House
# statement of 2022-04-13), and wire-copy sentences for the general form of each rule.
IMPRISONED_LEAD = ("Australian woman claims Church of Scientology imprisoned her for twelve years\n\n"
                   "Valeska Paris, an Australian woman and former Scientologist, has claimed that the Church of "
                   "Scientology imprisoned her for twelve years aboard the Scientology - owned cruise ship, Freewinds.")
CHURCH = ("In a statement to the Australian Broadcasting Corporation, the Church of Scientology denied these allegations:\n\n"
          "She certainly wasn't 'forced' to be there. She was also never forced to perform labour in the engine room. "
          "They also claimed Paris was a volunteer and claim she has a vested interest for misrepresenting her experiences "
          "with the Church.")
WH = ("Statement by President Joe Biden on Call with President Zelenskyy and Additional Security Assistance to Ukraine\n\n"
      "I just spoke with President Zelenskyy and shared with him that my Administration is authorizing an additional "
      "$800 million in weapons, ammunition, and other security assistance to Ukraine. We cannot rest now. As I assured "
      "President Zelenskyy, the American people will continue to stand with the brave Ukrainian people in their fight "
      "for freedom.")
SUNAK = ("During Prime Minister's Questions Wednesday, Sunak defended the government's record whilst promising a "
         "\"formal update\" from Braverman is forthcoming: \"The Home Secretary and I are working intensely and as "
         "quickly as possible to bring forward that legislation.\"")
ROUND2 = [
    # a headline's description ("Australian woman claims") is the person a later appositive describes
    (IMPRISONED_LEAD, "Church of Scientology imprisoned her for twelve years\n"[:-1], "indirect", "Valeska Paris", "claims"),
    # an unmarked block set as its own paragraph after "X denied these allegations:"
    (CHURCH, "She certainly wasn't", "direct", "Church of Scientology", "denied"),
    # they -> the organization just quoted; a second speech verb after "and" is its own quote
    (CHURCH, "Paris was a volunteer", "indirect", "Church of Scientology", "claimed"),
    (CHURCH, "she has a vested interest", "indirect", "Church of Scientology", "claim"),
    ("Police said the suspect fled on foot. They added that no one was hurt.", "no one was hurt", "indirect", "Police", "added"),
    ("Officials said the talks had failed. They added that a new round was planned.", "a new round", "indirect", None, "added"),
    # "I" in a statement headed "Statement by X"; "shared with him that"; "As I assured X, CLAUSE"
    (WH, "my Administration is authorizing", "indirect", "Joe Biden", "shared"),
    (WH, "the American people will continue", "indirect", "Joe Biden", "assured"),
    # "a letter seen by X says": the letter speaks (no speaker named), X only saw it
    ('A leaked internal letter seen by Sky News says "failure to return the questionnaire without reasonable '
     'explanation may result in an individual\'s asylum claim being withdrawn", but the government will provide a reminder.',
     "failure to return", "direct", None, "says"),
    ("A Pentagon memo obtained by The Washington Post says the plan was dropped in March.",
     "the plan was dropped", "indirect", "Pentagon", "says"),
    # "Home Office" is an organization, not somebody's office
    ('The Home Office letter reads "we may extend the use of the questionnaire".', "we may extend", "direct", "Home Office", "reads"),
    # an absolute construction with a gerund cue reports what follows it, not the quote before
    ('The document "must be completed in English", the government recommending "online translation tools" if needed.',
     "online translation tools", "direct", "government", "recommending"),
    ('The document "must be completed in English", the government recommending "online translation tools" if needed.',
     "must be completed in English", "direct", None, None),
    # quoted words in the object of a that-verb, and the quote after the colon
    (SUNAK, "formal update", "direct", "Rishi Sunak", "promising"),
    (SUNAK, "The Home Secretary and I", "direct", "Rishi Sunak", "promising"),
    # he/she: a person of that gender named in the sentence before comes first ...
    ("Allegedly, Thomas' sister pleaded with him to send Gloria to a doctor, but he replied \"I am not able to do that\". "
     "Mr. Thomas Sam is on trial.", "I am not able", "direct", "Thomas", "replied"),
    ("Mark Rathbun said the case was weak. Montalvo has been assisted by actor Jason Beghe. Rathbun requested donations "
     "via a statement made on his blog. He described Montalvo as an individual, \"facing the penitentiary\".",
     "facing the penitentiary", "direct", "Mark Rathbun", "described"),
    # ... and with no gender evidence, the person just named rather than an earlier one
    ("Senator Lee Park said the bill would pass. Analyst Chris Wong disagreed. He said the votes were not there.",
     "the votes were not there", "indirect", "Chris Wong", "said"),
    # definite descriptions refer back to the speaker they describe
    ("Foreign Minister Sergei Lavrov said the talks were useful. The foreign minister added that Moscow would respond.",
     "Moscow would respond", "indirect", "Sergei Lavrov", "added"),
    ("John Smith, 45, said he was innocent. The 45-year-old added that he would appeal.",
     "he would appeal", "indirect", "John Smith", "added"),
    ("The Foreign Ministry said the report was false. The ministry added that it would respond.",
     "it would respond", "indirect", "Foreign Ministry", "added"),
    # common wire-copy forms: a lower-case role before an inverted name, a party label in
    # parentheses, an adjunct before "that", "X of Y" bodies, a party as the antecedent of "they"
    ('"This is a dark day for democracy," said opposition leader Keir Starmer.', "dark day", "direct", "Keir Starmer", "said"),
    ("Sen. Elizabeth Warren (D-Mass.) said the bill was a giveaway.", "the bill was a giveaway", "indirect", "Elizabeth Warren", "said"),
    ("Zelensky said in his nightly address that Ukraine would not give up territory.",
     "Ukraine would not give up territory", "indirect", "Zelensky", "said"),
    ("A spokesperson for the Ministry of Defence said the aircraft had returned safely.",
     "the aircraft had returned safely", "indirect", "Ministry of Defence", "said"),
    ("Democrats argued that the measure would hurt families. They said Republicans had ignored the data.",
     "Republicans had ignored the data", "indirect", "Democrats", "said"),
    ("Trump's spokesman said the president would not attend.", "the president would not attend", "indirect", "Trump", "said"),
    # a surname opening its sentence before a speech verb is a person for he/she later
    ('Netanyahu vowed to continue the offensive. "We will not stop," he said.', "We will not stop", "direct", "Netanyahu", "said"),
    ("Macron was quoted as saying that Europe must wake up.", "Europe must wake up", "indirect", "Macron", "saying"),
]


@pytest.mark.parametrize("text, fragment, kind, speaker, cue", ROUND2, ids=[r[1][:24] for r in ROUND2])
def test_round2_attribution_rules(text, fragment, kind, speaker, cue):
    q = by_text(quotes.extract(text), fragment)
    assert (q.kind, q.cue) == (kind, cue)
    assert evaluate.same_speaker(speaker, q.speaker), (speaker, q.speaker)


# Round 3: reported speech and speakers of political wire copy (constructed sentences; none is
# taken from a gold story). Each row: text, the start of the expected span, kind, speaker, cue.
ROUND3 = [
    # a that-verb without "that" reports a finite clause; adjuncts and adverbs are skipped, not the clause's article
    ("The party warned the reform would cost 10,000 jobs.", "the reform would cost", "indirect", "party", "warned"),
    ("The ministry confirmed two soldiers had been killed.", "two soldiers had been killed", "indirect", "ministry", "confirmed"),
    ("Analysts predicted the central bank would cut rates in June.", "the central bank would cut", "indirect", None, "predicted"),
    ("The interior minister, Jonas Weller, said on Wednesday the border would stay closed.",
     "the border would stay closed", "indirect", "Jonas Weller", "said"),
    ("President Mora is stating clearly that the army will not intervene.", "the army will not intervene", "indirect", "Mora", "stating"),
    ("The defence ministry is announcing that it will buy 40 new jets.", "it will buy 40 new jets", "indirect", "ministry", "announcing"),
    ("The UN says at least 300 civilians have been killed since January.", "at least 300 civilians", "indirect", "United Nations", "says"),
    # the listener of "told" is not what was said
    ("Governor Ana Ruiz told state radio the evacuation order would be lifted by Friday.",
     "the evacuation order would be lifted", "indirect", "Ana Ruiz", "told"),
    ("Secretary of State Mark Hale told senators the United States would not recognise the annexation.",
     "the United States would not", "indirect", "Mark Hale", "told"),
    # object complements and infinitives
    ("The mayor urged residents not to leave their homes.", "residents not to leave their homes", "indirect", None, "urged"),
    ("Opposition leaders accused the president of rigging the vote.", "the president of rigging the vote", "indirect", None, "accused"),
    ("The union called for a general strike next month.", "a general strike next month", "indirect", "union", "called"),
    ("The senator asked whether the Pentagon had a plan.", "whether the Pentagon had a plan", "indirect", None, "asked"),
    ("Prime Minister Tariq Aziz vowed to crush the rebellion.", "to crush the rebellion", "indirect", "Tariq Aziz", "vowed"),
    ("The mayor urged residents to stay indoors and called for calm.", "calm", "indirect", None, "called"),
    ("The senator accused the administration of misleading Congress and demanded an investigation.",
     "an investigation", "indirect", None, "demanded"),
    ("Police warned residents to stay away from the river.", "residents to stay away", "indirect", "Police", "warned"),
    ("The judge told him not to contact the witnesses.", "him not to contact", "indirect", None, "told"),
    # after a that-clause a second verb may be the clause's own: one quote
    ("The White House said Biden had spoken to Netanyahu by phone and urged him to agree to a ceasefire.",
     "Biden had spoken to Netanyahu by phone and urged him", "indirect", "White House", "said"),
    ("Senator Lisa Grant said Tuesday that the bill would pass.", "the bill would pass", "indirect", "Lisa Grant", "said"),
    ("Officials in Gaza said 40 people had been killed.", "40 people had been killed", "indirect", None, "said"),
    ("The foreign ministry in Beijing said China would take countermeasures.", "China would take", "indirect", "foreign ministry", "said"),
    ("A report by the national statistics office said the economy had shrunk.", "the economy had shrunk", "indirect",
     "national statistics office", "said"),
    ("According to a report by the International Crisis Group, the militia controls most of the province.",
     "the militia controls", "indirect", "International Crisis Group", "According to"),
    ("According to a statement from the prime minister's office, the summit will take place in June.",
     "the summit will take place", "indirect", None, "According to"),
    ("She said Poland was inventing threats to justify its build-up, and accused the European Union of hypocrisy.",
     "the European Union of hypocrisy", "indirect", None, "accused"),
    ("Her party, the Orange Democratic Movement, said it would organise a day of protest.", "it would organise",
     "indirect", "Orange Democratic Movement", "said"),
    ("Analyst Martin Roldan of the consultancy Ecolatina told Reuters the package could attract investment, "
     "but warned that its social cost would be high.", "its social cost would be high", "indirect", "Martin Roldan", "warned"),
    ("Analyst Martin Roldan of the consultancy Ecolatina told Reuters the package could attract investment, "
     "but warned that its social cost would be high.", "the package could attract investment", "indirect", "Martin Roldan", "told"),
    ('"Stay calm," the mayor told residents, urging them to avoid the city centre.', "them to avoid the city centre",
     "indirect", None, "urging"),
    ('"This is not over," Ruiz said on Tuesday, vowing to appeal the ruling.', "to appeal the ruling", "indirect", "Ruiz", "vowing"),
    # two speakers in one sentence: ", while X countered that"
    ("The prosecutor argued that the defendant had lied, while defence lawyers countered that the evidence was thin.",
     "the evidence was thin", "indirect", None, "countered"),
    # studies, polls, courts and rulings
    ("The court ruled that the law was unconstitutional.", "the law was unconstitutional", "indirect", "court", "ruled"),
    ("A new poll found that most voters oppose the plan.", "most voters oppose the plan", "indirect", None, "found"),
    ("An Ipsos poll found that most voters oppose the plan.", "most voters oppose the plan", "indirect", "Ipsos", "found"),
    ("A new study documenting voting patterns in rural districts has revealed turnout fell sharply.",
     "turnout fell sharply", "indirect", None, "revealed"),
    ("The ministry's statement said the strikes targeted military sites.", "the strikes targeted", "indirect", "ministry", "said"),
    # subjects: appositives with an article, long relative clauses, inverted roles before a name
    ("Paul Greer, a Republican from Texas, said the bill was dead.", "the bill was dead", "indirect", "Paul Greer", "said"),
    ("Paul Greer, who has served in the Senate since 2011, chairs its finance committee and is up for re-election "
     "next year, said the bill was dead.", "the bill was dead", "indirect", "Paul Greer", "said"),
    ("The bill will pass easily, said the speaker of the house, Ramon Diaz.", "The bill will pass easily", "indirect", "Ramon Diaz", "said"),
    ("The United States will send a carrier group, Defense Secretary Lloyd Barnes announced.",
     "The United States will send", "indirect", "Lloyd Barnes", "announced"),
    ("Three people were killed, the army said, adding that the rebels had been pushed back.",
     "Three people were killed", "indirect", "army", "said"),
    ("The rebels, who control much of the north, said they had captured the airport.",
     "they had captured the airport", "indirect", None, "said"),
    # a trailing "according to OUTLET" relays the inner cue instead of making a second quote
    ("The Kremlin said Moscow was ready for talks, according to the Interfax news agency.",
     "Moscow was ready for talks", "indirect", "Kremlin", "said"),
    # "the minister" refers back to the person named with that title, even before any quote
    ("Health Minister Carla Jimenez visited the flooded region on Monday. The minister said 2,000 homes had been destroyed.",
     "2,000 homes had been destroyed", "indirect", "Carla Jimenez", "said"),
]


@pytest.mark.parametrize("text, start, kind, speaker, cue", ROUND3, ids=[r[0][:30] for r in ROUND3])
def test_round3_reported_speech_rules(text, start, kind, speaker, cue):
    qs = quotes.extract(text)
    hits = [q for q in qs if q.quote.startswith(start)]
    assert len(hits) == 1, (start, [q.quote for q in qs])
    q = hits[0]
    assert (q.kind, q.cue) == (kind, cue)
    assert evaluate.same_speaker(speaker, q.speaker), (speaker, q.speaker)
    assert text[q.start:q.end] == q.quote


ROUND4 = [
    # AP party-and-state tags between a lawmaker's name and the verb or appositive
    ("Sen. Jeff Sessions (R-Ala.), a leading opponent of the bill, said the bill includes amnesty.",
     "the bill includes amnesty", "indirect", "Jeff Sessions", "said"),
    ("Rep. Maria Lopez, D-Calif., told reporters the vote was a betrayal.",
     "the vote was a betrayal", "indirect", "Maria Lopez", "told"),
    ("Majority Leader Bill Frist (R-Tenn.), who voted for the bill, said he was \"proud\" of the Senate.",
     "he was", "mixed", "Bill Frist", "said"),
    # a role, then the titled name, inverted after the quote
    ('"I have been in Congress for 40 years," the lead Democratic negotiator, Sen. Edward Kennedy (Mass.), said.',
     "I have been in Congress", "direct", "Edward Kennedy", "said"),
    # a role with a lower-case complement; the present tense of groups
    ("Critics of the bill say they will use every tool to delay it.", "they will use every tool", "indirect", None, "say"),
    ("Prosecutors allege that Smith laundered $2 million.", "Smith laundered", "indirect", None, "allege"),
    ("Republicans argue the bill is too expensive.", "the bill is too expensive", "indirect", "Republicans", "argue"),
    # a report released by a body speaks for the body
    ("The report, released Tuesday by the Government Accountability Office, found that the program wasted $4 billion.",
     "the program wasted", "indirect", "Government Accountability Office", "found"),
    # "according to a statement from X": X speaks
    ("According to a statement from the Ministry of Defence, the exercise will last two weeks.",
     "the exercise will last two weeks", "indirect", "Ministry of Defence", "According to"),
    # a district tag, a coordinated verb after a quote, an unnamed source, a clause before "X announced Monday,"
    ("Del. Patrice Hollings, D-Fairfax, the bill's sponsor, said the measure was modeled on laws in Maryland.",
     "the measure was modeled", "indirect", "Patrice Hollings", "said"),
    ('Sen. Dale Whitacre (R-Okla.) called the measure "a blank check" and said Republicans were willing to negotiate.',
     "Republicans were willing", "indirect", "Dale Whitacre", "said"),
    ('Yuri Sobolev told reporters that Moscow was "open to a settlement," but said the conditions remained unchanged.',
     "the conditions remained", "indirect", "Yuri Sobolev", "said"),
    ("Negotiators will meet in Cairo on Sunday, two people familiar with the talks said.",
     "Negotiators will meet", "indirect", None, "said"),
    ("The department will stop responding to minor crashes, Chief Andre Fulton announced Monday, a change he welcomed.",
     "The department will stop", "indirect", "Andre Fulton", "announced"),
    # a dateline is not a speaker; a gerund's subject is the sentence's subject
    ("WASHINGTON — The Federal Trade Commission sued the company on Thursday, accusing it of steering patients.",
     "it of steering patients", "indirect", "Federal Trade Commission", "accusing"),
    ("China on Friday warned the United States against new export controls, saying the measures would harm trade.",
     "the measures would harm", "indirect", "China", "saying"),
    # a party as the body speaking; a poll speaks for whoever ran it; a bank "of Australia" is the bank
    ("Britain's opposition Conservatives accused the government of breaking a promise.",
     "the government of breaking", "indirect", "Conservatives", "accused"),
    ("According to an Emerson College poll released last week, the two candidates are tied.",
     "the two candidates are tied", "indirect", "Emerson College", "According to"),
    ("The Reserve Bank of Australia has said it wants to see further progress on inflation.",
     "it wants to see", "indirect", "Reserve Bank of Australia", "said"),
    # the splitter ends the quote's sentence at ?" ; a second coordinated verb starts its own clause
    ('Judge Raymond Stoddard interrupted. "Talk is the treatment here, isn\'t it?" Stoddard said.',
     "Talk is the treatment", "direct", "Raymond Stoddard", "said"),
    ('Del. Wes Tarrant, R-Bedford, said the bill "won\'t stop a single criminal" and predicted it would be struck down.',
     "it would be struck down", "indirect", "Wes Tarrant", "predicted"),
    # a count before the group; a time adjunct between subject and verb; people at a firm speak for it
    ("More than 30 lawmakers on Wednesday urged the attorney general to drop his appeal.",
     "the attorney general to drop", "indirect", None, "urged"),
    ("The Kremlin on Monday said talks were over.", "talks were over", "indirect", "Kremlin", "said"),
    ("Economists at Westpac said in a note that the figures were in line with expectations.",
     "the figures were in line", "indirect", "Westpac", "said"),
    # an owner's document speaks for the owner; "characterized X as" introduces a label
    ('PC World\'s recent analysis of its own web traffic statistics concluded, "Internet Explorer is the #2 browser."',
     "Internet Explorer is the #2", "direct", "PC World", "concluded"),
    ('Matthew Ingram characterized the conflict as "another small skirmish in a war."',
     "another small skirmish", "direct", "Matthew Ingram", "characterized"),
    # a local title is a role, not part of the name
    ('"We need more officers," said Councilmember Tim Ruiz, who chairs the committee.',
     "We need more officers", "direct", "Tim Ruiz", "said"),
]


def test_which_clause_marks_a_body_and_and_that_starts_a_second_clause():
    text = ('Brightline, which is based in Eden Prairie, Minn., said the lawsuit was "baseless" and that it would '
            '"vigorously defend" itself in court. The company said its negotiations had saved employers $4 billion.')
    got = [(q.kind, q.quote, q.speaker, q.speaker_type) for q in quotes.extract(text)]
    assert got == [("mixed", 'the lawsuit was "baseless"', "Brightline", "organization"),
                   ("mixed", 'it would "vigorously defend" itself in court', "Brightline", "organization"),
                   ("indirect", "its negotiations had saved employers $4 billion", "Brightline", "organization")], got


def test_spaced_hyphen_attributes_a_pull_quote():
    qs = quotes.extract('"So far, it\'s the Internet: 1, Scientology: 0. But it\'s a long game." - Matthew Ingram\n\nMore text.')
    assert [(q.speaker, q.cue) for q in qs] == [("Matthew Ingram", "-")]


def test_indefinite_role_in_a_lede_is_the_person_named_next():
    text = ("A federal judge in Texas on Monday barred the deportations, saying the government had given too little "
            "notice.\n\nU.S. District Judge Harold Brennan wrote that 24 hours' notice was \"plainly insufficient.\"\n\n"
            "A spokesman said the department would appeal.")
    got = [(q.quote[:20], q.speaker) for q in quotes.extract(text)]
    assert got == [("the government had g", "Harold Brennan"), ("plainly insufficient", "Harold Brennan"),
                   ("the department would", None)], got


def test_signed_statement_block_gives_i_its_author():
    text = ("The Secretary of Education, Dana Whitfield, issued the following statement on Thursday:\n\n"
            "Today I am announcing that the department will cancel $1.2 billion in student debt.\n\n"
            "— Dana Whitfield, Secretary of Education\n\n"
            "Pell himself wrote on LinkedIn: \"I will prove it in court.\"")
    assert [(q.quote[:20], q.speaker) for q in quotes.extract(text)] == [
        ("the department will ", "Dana Whitfield"), ("I will prove it in c", "Pell")]


def test_the_statement_and_the_report_speak_for_whoever_issued_them():
    text = ('President Joe Biden said in a statement that the senator was "a loss for the country."\n\n'
            "The statement recalled that she had cast the deciding vote.\n\n"
            'Lady Morag Dunbar said in an interim report on Tuesday that ministers had "repeatedly failed."\n\n'
            '"The inquiry cannot do its work," the report said.')
    assert [q.speaker for q in quotes.extract(text)] == ["Joe Biden", "Joe Biden", "Morag Dunbar", "Morag Dunbar"]


def test_role_then_name_with_an_affiliation():
    text = ('The lead author, Dr. Anne-Marie Duval of the University of Lyon, said the findings should reassure '
            'older people. "You do not have to run a marathon," she said.')
    qs = quotes.extract(text)
    assert [q.speaker for q in qs] == ["Anne-Marie Duval", "Anne-Marie Duval"]
    assert "University of Lyon" in qs[0].speaker_role


def test_titled_surname_picks_the_person_of_that_gender_and_post_nominals_go():
    text = ("Imran Kazmi was convicted of murdering Joshua Reid, 22. Joshua's mother, Claire Reid, said: "
            "'I do not recognise my life any more.' Kazmi's barrister, Neil Grantham KC, said his client had shown "
            "remorse. Mrs Reid said outside court that she had not opened the letter.")
    assert [(q.quote[:12], q.speaker) for q in quotes.extract(text)] == [
        ("I do not rec", "Claire Reid"), ("his client h", "Neil Grantham"), ("she had not ", "Claire Reid")]


def test_documents_and_acronyms_speak_for_their_body():
    text = ('The FTC\'s complaint, filed in March, said the company had used "dark patterns" to trap customers. '
            "It said some customers had to navigate six screens.\n\nMr Justice Hollis told him: 'You used your car "
            "as a weapon.' The judge said the attack had been motivated by a 'trivial' argument.")
    assert [q.speaker for q in quotes.extract(text)] == ["Federal Trade Commission", "Federal Trade Commission",
                                                          "Hollis", "Hollis"]


@pytest.mark.parametrize("text, speaker", [
    ("A Malabar Air flight from Dubai made an emergency landing in Muscat after the crew reported smoke, the airline said.",
     "Malabar Air"),
    ("Residents of Alder Creek say they have been boiling their tap water for 41 days.", None),
    ("Two sisters who run the last bookshop in Market Harborough say they will close it in January.", None),
    ("Lead author Dr. Jordi Casals of the Institute of Space Sciences in Barcelona told Wikinews the team had worked "
     "for four years.", "Jordi Casals"),
    ("Passenger Anil Menon told the Hindu newspaper that the cabin crew had been calm.", "Anil Menon"),
    ("In a statement, the Commission said the measures were lawful. Beijing's commerce ministry responded that it "
     "would take all necessary measures.", "commerce ministry"),  # (not the Commission quoted before)
    ("Mexican officials said privately that they had hoped for more. One said the agreement was a first step.", None),
    ("The conductor who was dismissed by the Royal Northern Philharmonic last month has said she will sue.", None),
    ("Senator Dolores Whitaker spoke to reporters.\n\nWHITAKER: \"Then they should call the vote.\"", "Dolores Whitaker"),
    ('Delaney told reporters at the VA medical center in Phoenix later that day: "I have sat in those waiting rooms."',
     "Delaney"),
    # round 7: a quoted predicate, "but warned", label verbs, a shop is not a king, ages, "just"
    ("Her nephew, Uncle Darren Couzens, said she “never gave up on bringing our old people home”.", "Darren Couzens"),
    ("Dr Lindiwe Pretorius said markets would welcome it but warned that spending cuts were now “unavoidable”.",
     "Lindiwe Pretorius"),
    ("India's Ministry of External Affairs on Thursday rejected a report by a US panel as “biased and motivated”.",
     "Ministry of External Affairs"),
    ("At a King Soopers in Evergreen, shopper Dave Kowalczyk was loading firewood. \"You learn to keep the pantry "
     "full,\" he said.", "Dave Kowalczyk"),
    ("Fisherman Rodel Abrenica did not wait for rescuers.\n\n“I heard children crying,” the 45-year-old recalled.",
     "Rodel Abrenica"),
    ("Lindqvist just posted on Facebook: “Proud of the race we ran.”", "Lindqvist"),
    ('"We are monitoring the situation," said the Deputy Commissioner of Udupi, K. Vidya Rao.', "K. Vidya Rao"),
    ("Sinn Féin housing spokesman Declan Rooney accused the Government of delay. He said: “Families suffer.”",
     "Declan Rooney"),
    ("Judge Margaret Kerrigan SC said he had shown remorse. Her Honour said she accepted he was remorseful.",
     "Margaret Kerrigan"),
    ("The Commissioner for the Environment and Water Resources, Alhaji Tokunbo Bello-Adeyemi, said in a statement "
     "that drainage channels had been cleared.", "Tokunbo Bello-Adeyemi"),
    ('Co-founder and chief executive Mei Lin Tan wrote: "This is the hardest decision I have made."', "Mei Lin Tan"),
    # round 8: the sentence's opening subject for a participle or a coordinated verb with no cue before it
    ('The chancellor, Rachel Whitcombe, has ruled out raising income tax, telling MPs that the government would '
     '"keep its promises".', "Rachel Whitcombe"),
    ("South Korea's acting president, Han Min-seo, convened a security meeting and called the launch \"a clear "
     "provocation.\"", "Han Min-seo"),
    ('Senator Diane Okafor, Democrat of Virginia, said his answers were "evasive at best."', "Diane Okafor"),
    ("Belgium, where most of the assets are held, said it was satisfied.", "Belgium"),
    ("The National Weather Service said up to 10 inches of rain fell in 24 hours.", "National Weather Service"),
    ("Opposition councillors said the cuts would hit the poorest neighbourhoods hardest.", None),
    ('Sentencing Karen Whitlow at Bristol crown court, Judge Martin Sayers said she had "abused the trust". '
     '"You treated their savings as your own," he told her.', "Martin Sayers"),
    ("The Colorado Department of Transportation tweeted early Wednesday that the road was closed. \"Please stay "
     "home,\" the agency wrote.", "Colorado Department of Transportation"),
])

def test_round6_who_is_speaking(text, speaker):
    q = quotes.extract(text)[-1]
    assert evaluate.same_speaker(speaker, q.speaker), (speaker, q.speaker, q.speaker_mention)


def test_second_coordinated_label_or_accusation_is_its_own_quote():
    text = ('The shadow chancellor, Oliver Pennington, said the pledge was "worth nothing" and accused her of planning '
            'a "stealth tax raid". Alicia Moreno said the bill shortchanged veterans and called it "a punt."')
    got = [(q.quote[:18], q.speaker, q.cue) for q in quotes.extract(text)]
    assert got == [('the pledge was "wo', "Oliver Pennington", "said"), ('her of planning a ', "Oliver Pennington", "accused"),
                   ("the bill shortchan", "Alicia Moreno", "said"), ("a punt.", "Alicia Moreno", "called")], got


def test_relative_clause_verbs_do_not_swallow_the_main_verb():
    text = ('Justice Helena Moura Campos, who wrote the majority opinion, said freedom of expression "does not include '
            'the freedom to organise attacks." Several musicians, who asked not to be named, told the paper that '
            "relations had broken down.")
    got = [(q.quote[:24], q.speaker, q.cue) for q in quotes.extract(text)]
    assert got == [("does not include the fre", "Helena Moura Campos", "said"),
                   ("relations had broken dow", None, "told")], got


def test_platform_x_ends_its_sentence():
    qs = quotes.extract('"Buck is a fighter," Moyer wrote on X. Harlan, a first-time candidate, said he was honored.')
    assert [q.speaker for q in qs] == ["Moyer", "Harlan"], [(q.quote, q.speaker) for q in qs]


def test_reporters_rebuttal_is_not_part_of_the_reported_clause():
    qs = quotes.extract("The European Commission warned on Wednesday that Italy's deficit would breach EU rules, "
                        "a charge Rome rejected.")
    assert [(q.quote, q.speaker) for q in qs] == [("Italy's deficit would breach EU rules", "European Commission")]


@pytest.mark.parametrize("text, start, kind, speaker, cue", ROUND4, ids=[r[0][:30] for r in ROUND4])
def test_round4_wire_copy_forms(text, start, kind, speaker, cue):
    test_round3_reported_speech_rules(text, start, kind, speaker, cue)


@pytest.mark.parametrize("text, speaker", [
    ("Valeska Paris, a former member, has claimed that she was held on the ship. "
     "Paris claims her passport was taken away.", "Valeska Paris"),
    ("Coach Dana Jordan said the team was tired. Jordan said the schedule was brutal.", "Dana Jordan"),
])
def test_a_surname_that_is_also_a_place_is_the_person_named_before(text, speaker):
    """A one-word subject that is a city or country in the lexicons ("Paris", "Jordan") but the family
    name of the one person the article has named speaks for that person, not for the place."""
    qs = quotes.extract(text)
    assert [(q.speaker, q.speaker_type) for q in qs][-1] == (speaker, "person"), [(q.speaker, q.speaker_type) for q in qs]
    # with no such person, the place still speaks as a body
    only = quotes.extract("Paris said the summit would go ahead.")
    assert [(q.speaker, q.speaker_type) for q in only] == [("Paris", "organization")]


def test_two_people_of_one_family_name_stay_apart():
    text = ('Sen. Ted Kennedy said the bill was fair. "It is a start," said his brother, Robert Kennedy. '
            '"We will fight on," Ted Kennedy said.')
    speakers = [q.speaker for q in quotes.extract(text)]
    assert speakers == ["Ted Kennedy", "Robert Kennedy", "Ted Kennedy"], speakers


def test_round3_trailing_according_is_via_not_a_second_quote():
    qs = quotes.extract("The Kremlin said Moscow was ready for talks, according to the Interfax news agency.")
    assert [(q.quote, q.via) for q in qs] == [("Moscow was ready for talks", "Interfax news agency")]


@pytest.mark.parametrize("text", [
    "The government announced a new package of sanctions that will target Russian banks.",
    "The president announced his resignation on Monday.",
    "Police found the bodies of three men in a field near the border.",  # people "find" things: not a report
    "The researchers found that ozone damaged the crops.",  # research narrated, not a document speaking
    "The committee warned of a looming crisis in the health service.",
    "The minister pledged $500 million to the reconstruction fund.",
    "The party asked for a recount in three districts.",
    "The senator urged caution.",
    "She told the story of her escape.",
    "Voters in the state showed little enthusiasm for either candidate.",
    "Figures to be published today show a record 45,756 migrants crossing the Channel last year drove asylum claims over 150,000.",
])
def test_round3_no_reported_speech(text):
    assert quotes.extract(text) == []


def test_pull_quote_and_its_unmarked_repeat():
    text = ("Paris claims she was first sent to the ship aged eighteen.\n\n"
            "I was basically hauled in and told that my mum had attacked the church and that I needed to disconnect "
            "from her because she was suppressive. Valeska Paris\n\n"
            "I was basically hauled in and told that my mum had attacked the church and that I needed to disconnect "
            "from her because she was suppressive. Her mother had spoken out against Scientology on French television.")
    qs = quotes.extract(text)
    pulled = [q for q in qs if q.quote.startswith("I was basically")]
    assert len(pulled) == 2 and all((q.kind, q.speaker, q.cue) == ("direct", "Valeska Paris", "pull quote") for q in pulled)
    assert all(text[q.start:q.end] == q.quote for q in qs)
    assert not any(q.quote.startswith("my mum") for q in qs)  # the words inside the pull quote are not re-reported


@pytest.mark.parametrize("text", [
    "Trains were delayed for hours on Sunday night after the storm reached the city. Central Station",
    "Trains were delayed for hours on Sunday night after the storm reached the city. Ben Carter",
    "The minister spoke for an hour about the new budget and its effects on schools. Later, Parliament",
])
def test_no_pull_quote_without_a_persons_name(text):
    assert not any(q.cue == "pull quote" for q in quotes.extract(text))


def test_seen_by_gives_the_outlet_as_via():
    q = by_text(quotes.extract("A leaked memo seen by Reuters says the plan was dropped in March."), "the plan")
    assert (q.speaker, q.via) == (None, "Reuters")


@pytest.mark.parametrize("text, fragment, kind, speaker, cue, role", PATTERNS, ids=[p[1][:24] for p in PATTERNS])
def test_attribution_patterns(text, fragment, kind, speaker, cue, role):
    q = by_text(quotes.extract(text), fragment)
    assert (q.kind, q.speaker, q.cue, q.speaker_role) == (kind, speaker, cue, role)


def test_relay_through_an_outlet():
    text = ("According to the New Zealand Herald, Emeritus Professor John Burrows, the chairman of the project's panel, "
            "said New Zealand's flag has never before been open to public choice.")
    q = by_text(quotes.extract(text), "never before been open")
    assert (q.speaker, q.via, q.speaker_role) == ("John Burrows", "New Zealand Herald", "chairman of the project's panel")


@pytest.mark.parametrize("text, mention", [
    ("Scientology officials went to the station where they claimed Montalvo left the organization with hard drives.", "they"),
    ("Montalvo traveled to meet Devocht, who had told Montalvo he would assist him with future employment.", "who"),
    ('"We will stay united with Ukraine," we said.', "we"),
    ('"I am not able to do that," I replied.', "I"),
])
def test_plural_and_relative_pronouns_are_never_forced_onto_a_person(text, mention):
    qs = quotes.extract(text)
    assert qs and all(q.speaker is None and q.speaker_mention == mention for q in qs)


@pytest.mark.parametrize("text, fragment", [
    ("After some interplay between the departments, the girls were granted \"parole\" status, Ambassador Mohib said nothing.", "parole"),
    ('The Syrian refugee team listed their country as "Hope" on the backs of their shirts.', "Hope"),
    ("Xi’s arrival in Moscow on a “mission of peace” on Monday, Blinken said, served as a signal.", "mission of peace"),
])
def test_scare_quotes_stay_unattributed(text, fragment):
    q = by_text(quotes.extract(text), fragment)
    assert q.kind == "scare" and q.speaker is None


def test_continuation_quote_inherits_but_not_across_narration():
    text = ('"Seventeen years ago, this would not have been possible at all," said Ambassador Hamdullah Mohib.\n\n'
            '"They represent our aspirations and resilience."\n\n'
            'The competition ended on Tuesday. Teams named their robot "Robogee."')
    qs = quotes.extract(text)
    assert by_text(qs, "They represent").speaker == "Hamdullah Mohib"
    assert by_text(qs, "Robogee").speaker is None


@pytest.mark.parametrize("text, speaker, role", [
    # the title before a name in the narration is the role of a speaker later quoted by surname or pronoun
    ('Mayor Linda Okafor defended the cuts. "Every department has to share the burden," Okafor said.',
     "Linda Okafor", "Mayor"),
    ('Gov. Jane Roe signed the bill on Monday. "This is a good day for the state," Roe said.', "Jane Roe", "Gov."),
    ('Police Chief Andre Fulton spoke to reporters. "We made three arrests overnight," Fulton said.',
     "Andre Fulton", "Police Chief"),
    ("On Tuesday, Councilwoman Ana Reyes voted against the plan. She said the budget was rushed.",
     "Ana Reyes", "Councilwoman"),
    ("Council Member Jane Doe objected to the vote. Doe told reporters the process was unfair.",
     "Jane Doe", "Council Member"),
    ("The flood came after fisherman Rodel Abrenica returned to port. Abrenica said the sea was rough.",
     "Rodel Abrenica", "fisherman"),
    # an honorific is no role; a role the attribution gives wins over the title
    ('Mr. John Smith lives next to the plant. "It was loud all night," Smith said.', "John Smith", None),
    ("Sheriff Tom Bell arrested two men. Bell, the county's longest-serving sheriff, said both had fled.",
     "Tom Bell", "county's longest-serving sheriff"),
])
def test_title_before_a_name_in_the_narration_is_the_speakers_role(text, speaker, role):
    res = quotes.analyze(text)
    assert [q.speaker for q in res.quotes] == [speaker]
    assert res.quotes[0].speaker_role == role
    assert res.speakers[speaker]["role"] == role


@pytest.mark.parametrize("text, speaker, role", [
    ("The city's budget director, Paul Hennessy, told the council that the branches would stay open longer.",
     "Paul Hennessy", "budget director"),
    ("The state's health director, Mona Patel, said cases were rising again.", "Mona Patel", "health director"),
    ("The agency's regional spokesman, Tom Hart, said the road would stay closed.", "Tom Hart", "regional spokesman"),
])
def test_role_before_a_name_keeps_its_modifier_after_a_possessive(text, speaker, role):
    assert [(q.speaker, q.speaker_role) for q in quotes.extract(text)] == [(speaker, role)]


@pytest.mark.parametrize("phrase, name, role, type_", [
    ("Secretary of State Antony Blinken", "Antony Blinken", "Secretary of State", "person"),
    ("New Zealand's Prime Minister John Key", "John Key", "New Zealand's Prime Minister", "person"),
    ("Lydia Buchtmann for Food Standards Australia New Zealand", "Lydia Buchtmann", "for Food Standards Australia New Zealand", "person"),
    ("The U.S. Department of Agriculture", "U.S. Department of Agriculture", None, "organization"),
    ("the Kremlin", "Kremlin", None, "organization"),
    ("Korean Central News Agency", "KCNA", None, "organization"),
    ("Scientology officials", None, "Scientology officials", "unknown"),
])
def test_describe_speaker_phrases(phrase, name, role, type_):
    sp = describe(phrase)
    assert (sp.name, sp.role, sp.type) == (name, role, type_)


# --------------------------------------------------------------------------- lexicons, evaluation, CLI


@pytest.mark.parametrize("name", ["quote_cues.csv", "according_cues.txt", "person_titles.txt", "role_words.txt",
                                  "speaker_orgs.csv", "org_words.txt", "name_stopwords.txt", "places.txt",
                                  "speech_nouns.txt", "given_names.csv"])
def test_lexicons_say_where_their_entries_came_from(name):
    head = config.lexicon_path(name).read_text(encoding="utf-8").splitlines()[:4]
    assert head[0].startswith("#") and any("ource" in line for line in head), name


@pytest.mark.parametrize("gold, pred, same", [
    ("Antony Blinken", "Blinken", True),
    ("U.S.", "the US", True),
    ("Kristen Wilkins", "Kristin Wilkins", True),
    ("John Kirby", "John Key", False),
    (None, None, True),
    (None, "KCNA", False),
])
def test_same_speaker(gold, pred, same):
    assert evaluate.same_speaker(gold, pred) is same


def test_evaluate_exact_overlap_and_scare():
    text = 'He said "the world should not be deceived" by it. A "mission of peace" began.'
    gold = [{"id": "a", "text": text, "quotes": [
        {"start": 9, "end": 41, "kind": "direct", "speaker": "Blinken"},
        {"start": 54, "end": 70, "kind": "scare", "speaker": None}]}]
    pred = [{"id": "a", "quotes": [
        {"start": 9, "end": 38, "kind": "direct", "speaker": "Antony Blinken"},
        {"start": 54, "end": 70, "kind": "direct", "speaker": None}]}]
    s = evaluate.evaluate(gold, pred)
    assert s["all"]["exact"]["f1"] == 0.0 and s["all"]["overlap"]["f1"] == 1.0
    assert s["all"]["pred"] == 1 and s["scare_attributed"] == 0 and s["all"]["speaker_accuracy"] == 1.0


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "newsdesk.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, input=stdin, timeout=120)


def test_cli_jsonl_one_line_per_record_in_order_with_offsets_into_given_text(tmp_path):
    recs = [{"id": "b", "text": "  “We will win,” Mayor Jane Roe said.\r\n"}, {"id": "a", "text": "No quotes here."}]
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run_cli("quotes", str(inp), "--out", str(out))
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["b", "a"] and lines[1]["quotes"] == []
    q = lines[0]["quotes"][0]
    assert recs[0]["text"][q["start"]:q["end"]] == q["quote"] == "We will win,"


def test_cli_csv_and_bad_input(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "s", "text": (ROOT / "seeds" / f"{config.SEED_ARTICLE_ID}.txt").read_text()}) + "\n")
    r = run_cli("quotes", str(inp), "--format", "csv")
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("id,quote,start,end,kind,speaker")
    assert "John Kirby" in r.stdout
    bad = run_cli("quotes", str(tmp_path / "missing.jsonl"))
    assert bad.returncode == 1 and "no such file" in bad.stderr  # same status as sentiment and frames


def test_eval_cli_on_the_hand_coded_gold(tmp_path):
    pred = tmp_path / "pred.jsonl"
    assert run_cli("quotes", str(DATA / "quotes_gold.jsonl"), "--out", str(pred)).returncode == 0
    r = run_cli("eval", "quotes", "--gold", str(DATA / "quotes_gold.jsonl"), "--pred", str(pred), "--format", "json")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["stories"] >= 10 and s["scare_attributed"] == 0
    # floors under the figures reported in docs/quotes.md (measured, not hard-coded)
    assert s["all"]["overlap"]["f1"] >= 0.85 and s["all"]["speaker_accuracy"] >= 0.85
    assert s["all"]["end_to_end"]["f1"] >= 0.75


def test_eval_cli_names_the_file_and_line_and_refuses_unpaired_files(tmp_path):
    gold = DATA / "quotes_gold.jsonl"
    first = gold.read_text(encoding="utf-8").splitlines()[0]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(first + "\n{not json\n", encoding="utf-8")
    r = run_cli("eval", "quotes", "--gold", str(broken), "--pred", str(gold))
    assert r.returncode == 2 and f"{broken}:2: not valid JSON" in r.stderr, r.stderr
    # predictions for other stories: an error, not a table of zeros
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "not-a-gold-story", "quotes": []}) + "\n", encoding="utf-8")
    r = run_cli("eval", "quotes", "--gold", str(gold), "--pred", str(other))
    assert r.returncode == 1 and "no prediction" in r.stderr and not r.stdout, r.stderr
    # another command's output (no "quotes" field)
    senti = tmp_path / "sentiment.jsonl"
    senti.write_text(json.dumps({"id": json.loads(first)["id"], "compound": 0.1}) + "\n", encoding="utf-8")
    r = run_cli("eval", "quotes", "--gold", str(gold), "--pred", str(senti))
    assert r.returncode == 1 and 'no record has a "quotes" field' in r.stderr, r.stderr
    # some stories without a prediction: scored, with a warning naming them
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps({"id": json.loads(first)["id"], "quotes": []}) + "\n", encoding="utf-8")
    r = run_cli("eval", "quotes", "--gold", str(gold), "--pred", str(one))
    assert r.returncode == 0 and "gold stories have no prediction" in r.stderr and "stories:" in r.stdout


@pytest.mark.parametrize("name", ["quotes_gold", "quotes_gold_heldout", "quotes_gold_heldout2", "quotes_gold_heldout3"])
def test_gold_is_built_from_the_stories(name):
    for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("source") != "synthetic_wire":  # synthetic paragraphs carry their own text
            text = (ROOT / "seeds" / f"{rec['id']}.txt").read_text(encoding="utf-8")
            assert rec["text"] == text
        text = rec["text"]
        assert all(text[q["start"]:q["end"]] == q["quote"] for q in rec["quotes"])


def test_quotes_notebook_is_thin_and_clean():
    nb = json.loads((ROOT / "notebooks" / "quotes.ipynb").read_text(encoding="utf-8"))
    params = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1
    src = "".join(params[0]["source"])
    for name in ("article_id: str", "corpus_dir: str"):
        assert name in src
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            assert c.get("outputs") == [] and c.get("execution_count") is None
            assert "def " not in "".join(c["source"])


@pytest.mark.slow
def test_quotes_notebook_runs_through_papermill(tmp_path):
    import papermill as pm

    out = tmp_path / "q.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "quotes.ipynb"), str(out), parameters={"article_id": "wikinews_korea"},
                        kernel_name="python3", progress_bar=False, cwd=str(ROOT))
    assert "KCNA" in out.read_text(encoding="utf-8")


HOSTILE = sorted(p for p in (DATA / "hostile").glob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_hostile_input_never_breaks_attribution(path):
    text = path.read_bytes().decode("utf-8", "replace")
    res = quotes.analyze(text)
    assert all(text[q.start:q.end] == q.quote for q in res.quotes)


def test_run_on_text_stays_linear():
    import time

    # 3,000 unclosed quotes in one run-on sentence: every cue used to rescan the sentence
    text = (DATA / "hostile" / "unbalanced_quotes.txt").read_text(encoding="utf-8")
    t0 = time.perf_counter()
    res = quotes.analyze(text)
    assert time.perf_counter() - t0 < 5.0
    assert any("unclosed" in w for w in res.warnings)


def test_html_attribute_values_are_not_quotes():
    text = (ROOT / "seeds" / "wh_2023-02-21-fact-sheet-one-year-of-supporting-ukraine.txt").read_text(encoding="utf-8")
    assert 'style="text-decoration: underline"' in text
    assert quotes.extract(text) == []


@pytest.mark.parametrize("module", ["newsdesk.quotes", "newsdesk.quotemarks", "newsdesk.speakers", "newsdesk.cues",
                                    "newsdesk.evaluate", "newsdesk.views.quotes", "newsdesk.framing",
                                    "newsdesk.framemodel", "newsdesk.sentiment", "newsdesk.sentiment_eval"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- round 9 (read: held-out 14)
@pytest.mark.parametrize("text, fragment, speaker", [
    # a state body "Oregon Department of Justice": an organisation (the title word "Justice" ends it)
    ("The Oregon Department of Justice said it had opened an inquiry into the breach.", "it had opened", "Oregon Department of Justice"),
    # ... but a title inside the run is a person's: "Bank of England Governor Andrew Bailey"
    ("Bank of England Governor Andrew Bailey said rates would stay on hold.", "rates would stay", "Andrew Bailey"),
    # "the X office in PLACE": the body, whatever the place
    ("The National Weather Service office in Greenville-Spartanburg said a flash flood warning would remain in effect.",
     "a flash flood warning", "National Weather Service"),
])
def test_round9_organisations_named_with_of_and_local_offices(text, fragment, speaker):
    qs = quotes.extract(text)
    assert by_text(qs, fragment).speaker == speaker, [(q.quote, q.speaker) for q in qs]


def test_round9_an_asked_whether_clause_is_the_reporters_question():
    text = ("Asked whether the company would add one later, she laughed. “Never say never,” she said. "
            "“But not in this decade.”")
    text = "Maya Okonkwo-Reid, the chief executive, said the glasses were light. " + text
    qs = quotes.extract(text)
    assert not any("add one" in q.quote or "one later" in q.quote for q in qs), [(q.kind, q.quote) for q in qs]
    assert by_text(qs, "Never say never").speaker == "Maya Okonkwo-Reid"


def test_one_organisation_spelt_two_ways_is_one_speaker():
    """wikinews_iodine quotes the "World Health Organisation" and the "World Health Organization":
    two speakers with one quote each, splitting the per-speaker tables."""
    res = quotes.analyze("The World Health Organisation said the risk was low. Later the World Health "
                         "Organization said it would review the data.")
    assert {q.speaker for q in res.quotes} == {"World Health Organisation"}
    assert res.speakers["World Health Organisation"]["quotes"] == 2 and len(res.speakers) == 1


def test_round9_an_answer_after_the_interviewers_question_is_the_interviewees():
    text = ("“I made up almost everything else,” Teodora Vance says.\n\n"
            "Was it hard to invent a life for someone you loved?\n\n"
            "“Terrifying. I kept hearing her voice.”\n\n"
            "The novel is out in March.\n\n"
            "Her editor disagreed.\n\n"
            "“Nobody reads the second half,” one reviewer wrote.")
    qs = quotes.extract(text)
    assert by_text(qs, "Terrifying").speaker == "Teodora Vance"
    # narration that is no question still breaks the run
    assert by_text(qs, "Nobody reads").speaker != "Teodora Vance"


def test_round9_the_hospital_is_the_one_hospital_the_article_named():
    text = ("Patients at St. Brendan’s Medical Center waited up to 14 hours for a bed last week.\n\n"
            "Claire Doherty, a nurse, said the wards were full. “We are running out of places,” she said.\n\n"
            "The flu season started early this year, and the county has no other emergency department.\n\n"
            "The hospital said it had opened a 14-bed overflow unit.")
    assert by_text(quotes.extract(text), "14-bed overflow").speaker == "St. Brendan’s Medical Center"
    two = text.replace("the county has no other", "Mercy Hospital closed its")
    assert by_text(quotes.extract(two), "14-bed overflow").speaker != "St. Brendan’s Medical Center"


@pytest.mark.parametrize("text, speaker", [
    # a place the lexicons do not know was taken as the speaker
    ("John Smith in Paris said the deal was off.", "John Smith"),
    ("Officials in Ruritania said the border was closed.", None),  # unnamed people of a place
    ("Residents in Alder Creek said the water was brown.", None),
    ("Campaigners from Save Leeds Libraries said they would fight.", "Save Leeds Libraries"),  # the group
])
def test_a_place_after_in_is_not_the_speaker(text, speaker):
    assert [q.speaker for q in quotes.extract(text)] == [speaker]
