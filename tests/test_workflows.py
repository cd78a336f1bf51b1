"""The GitHub workflows, proven offline: schema-valid, pinned, and doing what the README says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
PAGES = WORKFLOWS / "pages.yml"
TEST_COMMAND = "make test"

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\s]+)?@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\b")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "no `on:` triggers"
    return on


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[str, Any]) -> list[str]:
    return [str(step["run"]) for step in _steps(workflow) if "run" in step]


def _uses(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in _steps(workflow)
            if str(step.get("uses", "")).split("@")[0] == action]


def _installs_from_lock(workflow: dict[str, Any]) -> bool:
    """True when a step runs a make target that installs from requirements.lock first."""
    return any(re.search(r"\bmake\s+(install|test|site)\b", run) for run in _runs(workflow))


def _check_jsonschema() -> list[str]:
    exe = Path(sys.executable).parent / "check-jsonschema"
    if exe.is_file():
        return [str(exe)]
    return [sys.executable, "-m", "check_jsonschema"]


# --- schema ---------------------------------------------------------------------------------

def test_workflows_are_valid_against_the_github_workflow_schema() -> None:
    """check-jsonschema's vendored GitHub workflow schema: no network needed."""
    assert CI.is_file() and PAGES.is_file()
    result = subprocess.run(
        [*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(CI), str(PAGES)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The validator is really at work: a job without runs-on is refused."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    steps:\n      - run: echo hi\n",
                      encoding="utf-8")
    result = subprocess.run(
        [*_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode != 0, result.stdout


@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda p: p.name)
def test_actionlint_when_available(path: Path) -> None:
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (optional)")
    result = subprocess.run([actionlint, str(path)], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# --- pinning --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [CI, PAGES], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(path: Path) -> None:
    workflow = _load(path)
    uses = [str(step["uses"]) for step in _steps(workflow) if "uses" in step]
    uses += [str(job["uses"]) for job in workflow["jobs"].values() if "uses" in job]
    assert uses, f"{path.name} uses no action"
    for ref in uses:
        if ref.startswith("./"):
            continue  # a local action lives in this repository
        assert SHA_PIN.match(ref), f"{path.name}: {ref} is not pinned to a 40-hex commit SHA"
    lines = [USES_LINE.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = [m for m in lines if m]
    assert len(found) == len(uses)
    for match in found:
        assert VERSION_COMMENT.match(match["rest"]), (
            f"{path.name}: {match['ref']} needs a trailing comment naming its version, "
            "e.g. `# v4.2.2`")


# --- ci.yml ---------------------------------------------------------------------------------

def test_readme_and_ci_run_use_the_same_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^{TEST_COMMAND}\b", readme, re.MULTILINE), (
        f"README no longer gives `{TEST_COMMAND}` as the test command")
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^(exec\s+)?{TEST_COMMAND}\s*$", ci_run, re.MULTILINE), (
        f".ci/run does not run `{TEST_COMMAND}`")


def test_make_test_runs_the_concurrency_and_kill_tests() -> None:
    """CI runs the tests that prove no save and no site is lost (issue 12): `make test`
    selects nothing away, and pytest collects them with its arguments."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "no test target in the Makefile"
    command = next(line.split("pytest", 1)[1].split() for line in recipe.group(1).splitlines()
                   if "pytest" in line)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    addopts = re.search(r"^addopts\s*=\s*\"(.*)\"", pyproject, re.MULTILINE)
    for arg in command + (addopts.group(1).split() if addopts else []):
        assert not arg.startswith(("-m", "-k", "--deselect", "--ignore")), arg
    tests = ["tests/test_concurrent_saves.py", "tests/test_kill.py"]
    quiet = [] if "-q" in command else ["-q"]  # one -q: a line per test
    found = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", *quiet, *command,
                            *tests], cwd=REPO, capture_output=True, text=True, check=True)
    collected = [line for line in found.stdout.splitlines() if "::" in line]
    assert collected == [
        "tests/test_concurrent_saves.py::"
        "test_no_save_is_lost_while_the_brief_is_merged_again_and_again",
        "tests/test_kill.py::test_killed_runs_leave_old_or_new_files_and_the_next_run_finishes",
        "tests/test_kill.py::test_a_killed_build_leaves_the_old_site_or_the_new_one"]


def test_makefile_installs_from_the_hash_pinned_lock_file() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"--require-hashes\b.*-r requirements\.lock", makefile)
    for target in ("install", "test", "site"):
        assert re.search(rf"^{target}:.*\$\(STAMP\)", makefile, re.MULTILINE), (
            f"make {target} no longer installs from requirements.lock first")


def test_ci_runs_on_push_and_pull_request() -> None:
    triggers = _triggers(_load(CI))
    assert "push" in triggers
    assert "pull_request" in triggers


def test_ci_sets_up_python_311_and_installs_from_the_lock_file() -> None:
    workflow = _load(CI)
    setups = _uses(workflow, "actions/setup-python")
    assert setups, "ci.yml does not set up Python"
    assert all(str(s["with"]["python-version"]) == "3.11" for s in setups)
    assert _installs_from_lock(workflow)


def test_ci_runs_the_readme_test_command_check_and_a_strict_build() -> None:
    runs = _runs(_load(CI))
    commands = [line.strip() for run in runs for line in run.splitlines()]
    assert TEST_COMMAND in commands, f"ci.yml does not run `{TEST_COMMAND}`"
    assert any(re.fullmatch(r"(\.venv/bin/)?briefing check", c) for c in commands)
    builds = [c for c in commands if re.fullmatch(r"(\.venv/bin/)?briefing build.*", c)]
    assert builds, "ci.yml does not build the site"
    assert all("--no-strict" not in c for c in builds), "the site build must be strict"
    order = [next(i for i, c in enumerate(commands) if c == TEST_COMMAND),
             next(i for i, c in enumerate(commands) if c.endswith("briefing check")),
             commands.index(builds[0])]
    assert order == sorted(order), "run the tests, then check, then build"


def test_ci_gives_the_browser_tests_a_chromium() -> None:
    runs = "\n".join(_runs(_load(CI)))
    assert "/usr/bin/chromium" in runs or "apt-get install -y chromium" in runs


def test_ci_token_is_read_only() -> None:
    workflow = _load(CI)
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert set(job.get("permissions", {}).values()) <= {"read", "none"}


# --- pages.yml ------------------------------------------------------------------------------

def test_pages_runs_on_push_to_main_and_by_hand() -> None:
    triggers = _triggers(_load(PAGES))
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]


def test_pages_deploys_one_at_a_time_without_cancelling() -> None:
    concurrency = _load(PAGES)["concurrency"]
    assert concurrency["group"] == "pages"
    assert concurrency["cancel-in-progress"] is False


def test_pages_build_job_is_read_only_and_uploads_the_strict_site() -> None:
    workflow = _load(PAGES)
    assert set(workflow.get("permissions", {}).values()) <= {"read", "none"}
    build = workflow["jobs"]["build"]
    permissions = build["permissions"]
    assert permissions["contents"] == "read"
    assert set(permissions.values()) == {"read"}, permissions
    steps = build["steps"]
    assert any(str(s.get("uses", "")).startswith("actions/checkout@") for s in steps)
    setups = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setups and str(setups[0]["with"]["python-version"]) == "3.11"
    assert _installs_from_lock({"jobs": {"build": build}})
    site_steps = [s for s in steps if re.search(r"briefing build", str(s.get("run", "")))]
    assert len(site_steps) == 1, "one step builds the site"
    assert "--no-strict" not in site_steps[0]["run"]
    uploads = [s for s in steps
               if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert len(uploads) == 1
    assert str(uploads[0]["with"]["path"]).rstrip("/") in ("site", "./site")
    assert steps.index(site_steps[0]) < steps.index(uploads[0])


def test_pages_site_url_comes_from_the_repository() -> None:
    """SITE_URL (read by mkdocs.yml's site_url) is derived, never a hard-coded address."""
    assert re.search(r"^site_url:\s*!ENV\s*\[\s*SITE_URL\b", (REPO / "mkdocs.yml")
                     .read_text(encoding="utf-8"), re.MULTILINE)
    build = _load(PAGES)["jobs"]["build"]
    steps = build["steps"]
    site_step = next(s for s in steps if "briefing build" in str(s.get("run", "")))
    text = yaml.safe_dump(site_step)
    assert "SITE_URL" in text
    configure = [s for s in steps
                 if str(s.get("uses", "")).startswith("actions/configure-pages@")]
    derived_from_pages = bool(configure) and (
        f"steps.{configure[0].get('id')}.outputs.base_url" in text)
    derived_from_repo = "github.event.repository.name" in text or "github.repository" in text
    assert derived_from_pages or derived_from_repo
    assert not re.search(r"https?://[A-Za-z0-9.-]+\.[a-z]+/", text), "a hard-coded site address"
    if derived_from_pages:
        assert steps.index(configure[0]) < steps.index(site_step)


def test_pages_deploy_job() -> None:
    deploy = _load(PAGES)["jobs"]["deploy"]
    needs = deploy["needs"]
    assert "build" in ([needs] if isinstance(needs, str) else needs)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    environment = deploy["environment"]
    assert environment["name"] == "github-pages"
    steps = [s for s in deploy["steps"]
             if str(s.get("uses", "")).startswith("actions/deploy-pages@")]
    assert len(steps) == 1
    assert environment["url"].replace(" ", "") == (
        "${{steps." + str(steps[0]["id"]) + ".outputs.page_url}}")


def test_ci_builds_the_same_config_with_properdocs_instead_of_mkdocs() -> None:
    job = _load(CI)["jobs"]["properdocs"]
    commands = [line.strip() for step in job["steps"] if "run" in step
                for line in str(step["run"]).splitlines()]
    assert "make install" in commands
    uninstall = next(i for i, c in enumerate(commands) if "pip uninstall --yes mkdocs" in c)
    install = next(i for i, c in enumerate(commands)
                   if "--require-hashes --no-deps -r requirements-properdocs.lock" in c)
    build = commands.index(".venv/bin/properdocs build --strict --config-file mkdocs.yml")
    assert uninstall < install < build
    assert install < commands.index(".venv/bin/briefing build")  # the site stage too
    lock = (REPO / "requirements-properdocs.lock").read_text("utf-8")
    assert re.search(r"^properdocs==1\.\d+\.\d+ \\$", lock, re.MULTILINE)
    assert lock.count("--hash=sha256:") >= 1
    pinned = (REPO / "pyproject.toml").read_text("utf-8")
    assert '"mkdocs>=1.6,<2"' in pinned
