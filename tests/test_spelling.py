"""fix_spelling on real text: what it fixes, what it must never touch, and its engines."""

from __future__ import annotations

import pytest

from cleaner import Settings, clean_text, load_pipeline
from cleaner.readers import read_string
from cleaner.spelling import _languagetool as languagetool

from .conftest import SEEDS
from .languagetool_server import LanguageToolStub

SAMPLE = (SEEDS / "000_c6140b535fe491f8.txt").read_text(encoding="utf-8")
ONLY = Settings(only=("fix_spelling",))


def body(text: str, settings: Settings = ONLY) -> str:
    markdown = clean_text(text, settings).markdown
    return read_string(markdown, format="markdown").body_text()


def rules(tmp_path, text: str, name: str = "rules.yaml") -> Settings:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Settings(only=("fix_spelling",), rule_paths=(path,))


def test_sample_typo_is_fixed_and_nothing_else_changes() -> None:
    cleaned = body(SAMPLE)
    original = read_string(SAMPLE).body_text()
    assert "de-escalate as quickly as possible" in cleaned
    assert cleaned == original.replace("de-escalinate", "de-escalate")


def test_sample_grammar_finding_is_reported_not_applied() -> None:
    result = clean_text(SAMPLE, ONLY)
    [finding] = [f for f in result.findings if f.rule_id == "spelling/sentence-start"]
    assert (finding.before, finding.after, finding.fixable) == ("but", "But", False)
    assert "operation. but has subsequently" in result.markdown


def test_names_and_capitalised_words_are_never_changed() -> None:
    text = (
        "Jaishankar met Doval in Pahalgam after Operation Sindoor, said Kushwaha. "
        "Lashkar-e-Taiba and the Teh Gazette were named; Recieve Ltd declined to comment."
    )
    assert body(text) == text


def test_urls_handles_numbers_and_code_are_never_changed() -> None:
    text = "See https://example.com/recieve-teh-goverment, mail tips@goverment.example, follow @recieve and #goverment, the 4teh item and `recieve()`."
    assert body(text) == text


def test_metadata_is_never_changed() -> None:
    result = clean_text(
        "Goverment recieve the new budget plan today\n\nThe goverment said on Monday it would recieve the report.",
        Settings(),
    )
    assert result.metadata.title == "Goverment recieve the new budget plan today"
    assert "The government said on Monday it would receive the report." in result.markdown


def test_british_spellings_pass_and_an_explicit_dialect_reports_them(tmp_path) -> None:
    text = "The centre emphasised that the neighbours' colour scheme was fine."
    assert body(text) == text
    us = clean_text(text, rules(tmp_path, "stage: fix_spelling\noptions:\n  dialect: en-US\n"))
    found = {f.before: f.after for f in us.findings if f.rule_id == "spelling/typos"}
    assert found == {"centre": "center", "emphasised": "emphasized", "neighbours": "neighbors", "colour": "color"}
    assert all(not f.fixable for f in us.findings)
    assert read_string(us.markdown, format="markdown").body_text() == text


def test_user_dictionary_and_per_article_ignore(tmp_path) -> None:
    text = "The goverment said the plan would go ahead."
    assert "government" in body(text)
    settings = rules(tmp_path, "stage: fix_spelling\noptions:\n  dictionary: [goverment]\n")
    assert body(text, settings) == text
    ignored = "<!-- cleaner: ignore-words goverment -->\n\n" + text
    assert body(ignored) == text


def test_substitutions_are_whole_words_and_keep_case(tmp_path) -> None:
    settings = rules(
        tmp_path,
        (
            "stage: fix_spelling\nrules:\n"
            "  - id: house/style\n"
            "    substitutions: {judgement: judgment, 'Kyiv-based': 'Kyiv-based', teh: the}\n"
            "    examples:\n"
            '      - in: "Teh judgement was final."\n'
            '        out: "The judgment was final."\n'
            '      - keep: "The judgements page at https://example.com/judgement"\n'
        ),
    )
    assert body("Teh JUDGEMENT and teh judgement, but not judgements or prejudgement.", settings) == (
        "The JUDGMENT and the judgment, but not judgements or prejudgement."
    )
    assert body("See https://example.com/teh-judgement for teh text.", settings) == (
        "See https://example.com/teh-judgement for the text."
    )


def test_another_language_is_left_alone() -> None:
    text = (
        "Die elektronische Patientenakte soll den Notfalldatensatz und weitere medizinische Dokumente "
        "enthalten, wie es das Gesetz vorsieht, und sie wird von den Krankenkassen angeboten werden."
    )
    result = clean_text(text, ONLY)
    assert read_string(result.markdown, format="markdown").body_text() == text
    assert [f for f in result.findings if f.rule_id == "spelling/typos"] == []


def test_grammar_rule_can_be_applied(tmp_path) -> None:
    settings = rules(tmp_path, "stage: fix_spelling\nrules:\n  - id: spelling/sentence-start\n    apply: auto\n")
    assert "operation. But has subsequently" in body(SAMPLE, settings)


LT_RULES = (
    "stage: fix_spelling\nrules:\n  - id: spelling/typos\n    enabled: false\n  - id: spelling/misspellings\n    enabled: false\n"
    "  - id: lt/check\n    engine: languagetool\n    remote_server: {url}\n{extra}"
)


@pytest.fixture
def fresh_languagetool():
    languagetool.languagetool_engine.cache_clear()
    load_pipeline.cache_clear()
    yield
    languagetool.languagetool_engine.cache_clear()
    load_pipeline.cache_clear()


def test_languagetool_backend_against_a_local_server(tmp_path, fresh_languagetool) -> None:
    with LanguageToolStub() as server:
        settings = rules(tmp_path, LT_RULES.format(url=server.url, extra=""))
        result = clean_text("The confrontation should de-escalinate soon. but the goverment waits.", settings)
        assert server.requests and server.requests[0]["language"] == "en-US"
    text = read_string(result.markdown, format="markdown").body_text()
    # The server's spelling suggestions pass the same evidence test as the embedded engine's:
    # one slip ("goverment") is fixed; two ("de-escalinate", which the article does not use) are reported.
    assert text == "The confrontation should de-escalinate soon. but the government waits."
    [reported] = [f for f in result.findings if f.before == "de-escalinate"]
    assert not reported.fixable and reported.suggestions[0] == "de-escalate"
    grammar = [f for f in result.findings if "UPPERCASE_SENTENCE_START" in f.message]
    assert len(grammar) == 1 and not grammar[0].fixable and grammar[0].after == "But"


def test_languagetool_apply_rules_and_ignore_rules(tmp_path, fresh_languagetool) -> None:
    with LanguageToolStub() as server:
        apply = rules(
            tmp_path, LT_RULES.format(url=server.url, extra="    apply_rules: [UPPERCASE_SENTENCE_START]\n"), "a.yaml"
        )
        assert body("It rained. but we went out.", apply) == "It rained. But we went out."
        load_pipeline.cache_clear()
        ignore = rules(
            tmp_path, LT_RULES.format(url=server.url, extra="    ignore_rules: [UPPERCASE_SENTENCE_START]\n"), "b.yaml"
        )
        result = clean_text("It rained. but we went out.", ignore)
    assert not [f for f in result.findings if "UPPERCASE" in f.message]


def test_languagetool_server_from_the_environment(tmp_path, monkeypatch, fresh_languagetool) -> None:
    with LanguageToolStub() as server:
        monkeypatch.setenv(languagetool.SERVER_VARIABLE, server.url)
        settings = rules(tmp_path, LT_RULES.format(url="http://127.0.0.1:9", extra=""))
        assert body("We recieve letters.", settings) == "We receive letters."


def test_unreachable_languagetool_is_reported_once_and_the_rest_runs(tmp_path, fresh_languagetool) -> None:
    rule_file = tmp_path / "lt.yaml"
    rule_file.write_text(LT_RULES.format(url="http://127.0.0.1:9", extra=""), encoding="utf-8")
    settings = Settings(rule_paths=(rule_file,))
    first = clean_text(SAMPLE, settings)
    second = clean_text(SAMPLE, settings)
    unreachable = [f for f in first.findings if "not reachable" in f.message]
    assert len(unreachable) == 1 and unreachable[0].rule_id == "lt/check"
    assert not [f for f in second.findings if "not reachable" in f.message]
    assert "1549722 rubio 1" not in first.markdown and "author: Arpita Kushwaha" in first.markdown


def test_word_data_is_built_once_and_kept_for_the_next_process(tmp_path, monkeypatch) -> None:
    from cleaner.spelling import _lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builds = []

    def build() -> dict[str, tuple[str, ...]]:
        builds.append(1)
        return {"teh": ("the",)}

    assert _lexicon._kept("probe", build) == {"teh": ("the",)}
    (kept,) = (tmp_path / "cleaner" / "words").glob("probe-*.marshal")
    assert _lexicon._kept("probe", build) == {"teh": ("the",)} and len(builds) == 1  # read back, not rebuilt
    kept.write_bytes(b"\x00garbage")
    assert _lexicon._kept("probe", build) == {"teh": ("the",)} and len(builds) == 2  # a bad file is rebuilt
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "cleaner").write_text("a file where the folder should be", encoding="utf-8")
    assert _lexicon._kept("probe", build) == {"teh": ("the",)}  # nowhere to keep it: it costs time only
    assert len(builds) == 3
