"""智能派单: held-out quality on the real messages, the compiled scorer, the process-wide model."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tickets.classify import (
    LABELS,
    Classifier,
    Evaluation,
    TrainingRecord,
    Unavailable,
    classifier_for,
    default_data_dir,
    evaluate,
    get_classifier,
    holdout_split,
    load_training_records,
    reset_classifiers,
)
from tickets.classify.features import analyze, text_of
from tickets.classify.model import fit_pipeline
from tickets.classify.records import normalise_body
from tickets.classify.scorer import LinearScorer

DATA = default_data_dir()
MACRO_F1_FLOOR = 0.88  # measured 0.897 on the seed-42 split
needs_data = pytest.mark.skipif(
    not (DATA / "12345" / "messages_labelled.jsonl").is_file(), reason="no shared/data"
)
one_worker = pytest.mark.xdist_group("classify-real")  # train the split model once


@pytest.fixture(scope="module")
def records() -> list[TrainingRecord]:
    return load_training_records(DATA)


@pytest.fixture(scope="module")
def evaluated(records: list[TrainingRecord]) -> tuple[Evaluation, Classifier]:
    return evaluate(records)


@needs_data
@one_worker
def test_training_records_are_both_files_with_titles_where_present(
    records: list[TrainingRecord],
) -> None:
    assert len(records) == 1_099 + 5_216
    assert {r.category for r in records} == set(LABELS)
    assert sum(bool(r.title) for r in records) == 1_099


@needs_data
@one_worker
def test_held_out_split_is_stratified_and_shares_no_body(records: list[TrainingRecord]) -> None:
    split = holdout_split(records)
    assert len(split.train) + len(split.held_out) == len(records)
    assert 0.19 < len(split.held_out) / len(records) < 0.21
    train_bodies = {normalise_body(r.body) for r in split.train}
    assert not any(normalise_body(r.body) in train_bodies for r in split.held_out)
    for label in LABELS:
        share = sum(r.category == label for r in split.held_out) / len(split.held_out)
        overall = sum(r.category == label for r in records) / len(records)
        assert abs(share - overall) < 0.01
    assert holdout_split(records) == split


@needs_data
@one_worker
def test_held_out_macro_f1_stays_above_the_floor(evaluated: tuple[Evaluation, Classifier]) -> None:
    evaluation, _ = evaluated
    assert evaluation.macro_f1 >= MACRO_F1_FLOOR
    assert set(evaluation.per_class_f1) == set(LABELS)
    assert min(evaluation.per_class_f1.values()) >= 0.75


@pytest.mark.parametrize(
    ("title", "body", "category"),
    [
        (
            "小区旁工厂排放废气",
            "化工厂每天晚上偷排废气，气味刺鼻，河水发黑发臭，请环保部门查处",
            "环境保护",
        ),
        ("出租车拒载", "出租车司机拒载乘客，网约车乱收费，请交通运输局管理", "交通运输"),
        ("", "公司拖欠工资半年不发，也不给我们缴纳社保和养老保险", "劳动和社会保障"),
        (
            "孩子入学问题",
            "孩子今年小学入学，学区划分不合理，学校不接收，希望教育局解决",
            "教育文体",
        ),
        ("医院乱收费", "县人民医院住院收费不透明，医生开大处方，医保报销比例低", "卫生计生"),
        ("违章建筑", "小区内有人违章搭建，占用消防通道，城管不管", "城乡建设"),
        ("超市卖过期食品", "超市销售过期食品，消费者投诉无门，希望市场监管部门处理", "商贸旅游"),
    ],
)
@needs_data
@one_worker
def test_obvious_texts_get_their_category_first(
    evaluated: tuple[Evaluation, Classifier], title: str, body: str, category: str
) -> None:
    _, model = evaluated
    suggestions = model.suggest(title, body, top=3)
    assert suggestions[0].category == category
    assert len(suggestions) == 3
    assert suggestions[0].score > suggestions[1].score >= suggestions[2].score > 0


@needs_data
@one_worker
def test_scores_are_probabilities_and_blank_text_has_none(
    evaluated: tuple[Evaluation, Classifier],
) -> None:
    _, model = evaluated
    every = model.suggest("噪音扰民", "工地晚上施工", top=len(LABELS))
    assert sorted(s.category for s in every) == sorted(LABELS)
    assert sum(s.score for s in every) == pytest.approx(1.0, abs=1e-3)
    assert model.suggest("", "  ") == []
    assert model.suggest(None, None) == []
    assert model.suggest("噪音", "扰民", top=0) == []
    batch = model.suggest_many([("噪音扰民", "工地晚上施工"), ("", "")], top=2)
    assert batch == [every[:2], []]


# Small synthetic data: three classes, enough for min_df=2 and three calibration folds.
TOY = {
    "交通运输": [
        "公交车晚点",
        "地铁线路拥堵",
        "公交站台破损",
        "出租车拒载",
        "道路限行公交",
        "地铁换乘不便",
    ],
    "教育文体": [
        "学校收费",
        "小学入学难",
        "学校食堂差",
        "幼儿园学位",
        "教师补课收费",
        "中学学区划分",
    ],
    "卫生计生": [
        "医院排队久",
        "医生态度差",
        "医保报销难",
        "医院收费高",
        "疫苗接种点",
        "社区医院缺药",
    ],
}


def toy_records() -> list[TrainingRecord]:
    return [
        TrainingRecord("", f"{b}，请处理{i}", c) for c, bs in TOY.items() for i, b in enumerate(bs)
    ]


def write_toy(folder: Path) -> Path:
    (folder / "12345").mkdir(parents=True)
    for name, rows in (
        ("messages_labelled.jsonl", toy_records()[::2]),
        ("messages_labelled_body_only.jsonl", toy_records()[1::2]),
    ):
        lines = [
            json.dumps({"id": 1, "title": r.title or None, "body": r.body, "category": r.category})
            for r in rows
        ]
        (folder / "12345" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("classes", [3, 2])
def test_compiled_scorer_matches_the_sklearn_pipeline(classes: int) -> None:
    pipeline = fit_pipeline([r for r in toy_records() if r.category in list(TOY)[:classes]])
    scorer = LinearScorer.compile(pipeline.named_steps["tfidf"], pipeline.named_steps["svm"])
    texts = [text_of("", "公交车和地铁"), "医院医生收费", "学校", "完全无关的文字"]
    expected = pipeline.predict_proba(texts)
    got = np.vstack([scorer.scores(t) for t in texts])
    assert scorer.classes == tuple(pipeline.classes_)
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_compiled_features_count_exactly_what_the_analyzer_emits() -> None:
    tricky = [
        "A2区 公交车\t和地铁  晚点😀😀",
        "#井盖 缺失##，井盖",
        "学校 学校 学校",
        "Bus 12路 bus",
        "路灯不亮\n路灯不亮",
    ]
    first = next(iter(TOY))
    records = toy_records() + [TrainingRecord("", t, first) for t in tricky * 2]
    pipeline = fit_pipeline(records)
    scorer = LinearScorer.compile(pipeline.named_steps["tfidf"], pipeline.named_steps["svm"])
    for text in [*tricky, "完全无关", "x", ""]:
        expected = Counter(i for t in analyze(text) if (i := scorer.vocabulary.get(t)) is not None)
        index, counts = scorer._features(text)
        assert dict(zip(index.tolist(), counts.tolist(), strict=True)) == expected, text


def test_training_needs_two_categories_of_three_records() -> None:
    with pytest.raises(ValueError):
        Classifier.train([r for r in toy_records() if r.category == "卫生计生"])
    with pytest.raises(ValueError):
        Classifier.train(toy_records()[:-4])


def test_missing_data_makes_the_classifier_unavailable(tmp_path: Path) -> None:
    reset_classifiers()
    state = get_classifier(tmp_path / "nowhere")
    assert isinstance(state, Unavailable)
    assert "训练数据不可用" in state.reason


def test_empty_data_files_make_the_classifier_unavailable(tmp_path: Path) -> None:
    (tmp_path / "12345").mkdir()
    for name in ("messages_labelled.jsonl", "messages_labelled_body_only.jsonl"):
        (tmp_path / "12345" / name).write_text("\n", encoding="utf-8")
    reset_classifiers()
    assert isinstance(get_classifier(tmp_path), Unavailable)


def test_concurrent_first_calls_train_one_model(tmp_path: Path) -> None:
    folder = write_toy(tmp_path)
    reset_classifiers()
    seen: list[object] = []
    threads = [
        threading.Thread(target=lambda: seen.append(get_classifier(folder))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 1
    model = seen[0]
    assert isinstance(model, Classifier)
    assert model.trained_on == len(toy_records())
    assert get_classifier(str(folder)) is model
    assert model.suggest("", "医院看病排队太久")[0].category == "卫生计生"


async def test_async_access_trains_off_the_event_loop_once(tmp_path: Path) -> None:
    folder = write_toy(tmp_path)
    reset_classifiers()
    loop_thread = threading.get_ident()
    trained_in: list[int] = []
    original = Classifier.train.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Classifier], records: list[TrainingRecord]) -> Classifier:
        trained_in.append(threading.get_ident())
        return original(cls, records)  # type: ignore[no-any-return]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Classifier, "train", classmethod(spy))
        states = await asyncio.gather(*(classifier_for(folder) for _ in range(5)))
    assert len({id(s) for s in states}) == 1
    assert len(trained_in) == 1 and trained_in[0] != loop_thread
    assert await classifier_for(folder) is states[0]
