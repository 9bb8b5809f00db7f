"""The live-preview watcher: what it sees as a change, and that one bad edit does not stop it."""

from __future__ import annotations

import threading

from generator.errors import ConfigError
from generator.serve import InputWatcher, snapshot


def test_snapshot_sees_added_changed_and_removed_files(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / "a.txt").write_text("A\n\nx\n", encoding="utf-8")
    single = tmp_path / "intro.md"
    first = snapshot([seeds, single, tmp_path / "missing"])
    assert sorted(first) == [str(seeds / "a.txt")]
    (seeds / "sub" / "b.txt").write_text("B\n\ny\n", encoding="utf-8")
    single.write_text("hello", encoding="utf-8")
    second = snapshot([seeds, single])
    assert sorted(second) == sorted([str(seeds / "a.txt"), str(seeds / "sub" / "b.txt"), str(single)])
    (seeds / "a.txt").write_text("A\n\nlonger text\n", encoding="utf-8")
    assert snapshot([seeds, single])[str(seeds / "a.txt")] != second[str(seeds / "a.txt")]
    (seeds / "a.txt").unlink()
    assert str(seeds / "a.txt") not in snapshot([seeds])


def test_watcher_regenerates_once_per_change_and_survives_errors(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    calls = []
    done = threading.Event()

    def regenerate():
        calls.append(len(list(seeds.iterdir())))
        done.set()
        if len(calls) == 1:
            raise ConfigError("templates/article.md.j2: broken")

    watcher = InputWatcher([seeds], regenerate, interval=0.05)
    watcher.start()
    try:
        (seeds / "one.txt").write_text("One\n\nx\n", encoding="utf-8")
        assert done.wait(5)
        done.clear()
        (seeds / "two.txt").write_text("Two\n\ny\n", encoding="utf-8")
        assert done.wait(5)
        assert watcher.is_alive()
    finally:
        watcher.stop()
        watcher.join(5)
    assert calls == [1, 2]
    assert capsys.readouterr().err == "briefing: templates/article.md.j2: broken\n"
