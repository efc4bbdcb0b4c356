from __future__ import annotations

import os
import subprocess
import threading
import urllib.parse
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings

# Property tests run on a loaded, shared machine: no per-example deadline, no "too slow" health
# check, in CI and by default (HYPOTHESIS_PROFILE picks another registered profile).
settings.register_profile("papervault", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("papervault"))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "papervault"))

WriteNote = Callable[[str, str], Path]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """The one file-writing helper: each file below `root`, parents created, bytes exactly
    as given (text as UTF-8, no newline translation); returns the paths in order."""
    written = []
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    return written


@pytest.fixture
def write(tmp_path: Path) -> WriteNote:
    """Write a file (parents created) below tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        return write_files(tmp_path, {name: text})[0]

    return _write


@pytest.fixture
def sample_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small vault with two chapters, three sections and four papers; cwd is tmp_path."""
    files = {
        "vault/index.md": "---\ntitle: Home\n---\n# Home\n",
        "vault/llm/index.md": "---\ntitle: Large Language Model\norder: 1\n---\n",
        "vault/llm/equiformer/index.md": "---\ntitle: Equiformer\norder: 1\n---\n",
        "vault/md/index.md": "---\ntitle: Deep Molecular dynamics\norder: 2\n---\n",
        "vault/md/dynamics/index.md": "---\ntitle: molecular dynamics\norder: 1\n---\n",
        "vault/md/potentials/index.md": "---\ntitle: Machine Learning Potentials\norder: 2\n---\n",
        "vault/llm/equiformer/equiformer.md": (
            "---\ntitle: Equiformer\narxiv: '2206.11990'\norder: 2\n---\nSummary.\n"
        ),
        "vault/llm/equiformer/se3.md": "---\ntitle: SE(3)-Transformers\norder: 1\n---\n",
        "vault/md/potentials/mace.md": (
            "---\ntitle: MACE\norder: 1\nalso_in:\n  - md/dynamics\n---\nMACE body.\n"
        ),
        "vault/md/potentials/deepmd.md": "---\ntitle: DeePMD-kit\nyear: 2018\n---\n",
    }
    write_files(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "vault"


def run_git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The one git helper of the tests: git in `cwd`; with `check`, a failure is an
    AssertionError that shows git's own output."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {proc.returncode}\n{proc.stdout}{proc.stderr}")
    return proc


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout (raises on failure)."""
    return run_git(cwd, *args).stdout


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh git repository in tmp_path (cwd), with an identity of its own."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    monkeypatch.chdir(repo)
    return repo


RESPONSES = Path(__file__).parent / "data" / "responses"
ARXIV = {
    "2206.11990": "arxiv-2206.11990.xml",
    "2206.99999": "arxiv-unknown.xml",
    "2306.12059": "arxiv-malformed.xml",
}
CROSSREF = {
    "10.1063/5.0155600": "crossref-10.1063-5.0155600.json",
    "10.1000/malformed": "crossref-malformed.json",
}


class Recorded(BaseHTTPRequestHandler):
    """Serves the recorded answers the way the two services do."""

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/arxiv":
            name = ARXIV.get(urllib.parse.parse_qs(url.query)["id_list"][0])
        else:
            name = CROSSREF.get(urllib.parse.unquote(url.path.removeprefix("/crossref/")))
        if name is None:
            self.send_response(404)
            self.end_headers()
            self.wfile.write((RESPONSES / "crossref-unknown.txt").read_bytes())
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write((RESPONSES / name).read_bytes())

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """arXiv's and Crossref's recorded answers, served on localhost."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("PAPERVAULT_ARXIV_API", f"{base}/arxiv")
    monkeypatch.setenv("PAPERVAULT_CROSSREF_API", f"{base}/crossref")
    yield base
    server.shutdown()
    server.server_close()
