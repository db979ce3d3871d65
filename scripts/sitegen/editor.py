"""`make edit`: the browser editor on 127.0.0.1, writing straight into the working copy.

Two local servers: this one serves the editor page, Decap CMS's own files (from editor/'s pinned
npm packages) and the configuration made by sitegen.editor_config; decap-server (Node) reads and
writes the files of docs/ and data/. Both listen on 127.0.0.1 only and stop together.
Nothing of this is ever copied into site/.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from sitegen.editor_config import editor_config
from sitegen.problems import ProblemsFound
from sitegen.project import Project

HOST = "127.0.0.1"
EDITOR = Path(__file__).resolve().parents[2] / "editor"  # the page and node_modules/, never published
MODULES = EDITOR / "node_modules"
DECAP_FILES = MODULES / "decap-cms" / "dist"
YAML_FILES = MODULES / "yaml" / "browser" / "dist"
BACKEND = MODULES / "decap-server" / "dist" / "index.js"
PAGE_FILES = ("index.html", "editor.css", "settings.js", "editor.js", "accessible-names.js")
CONTENT_TYPES = {".js": "text/javascript", ".html": "text/html", ".json": "application/json",
                 ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml"}


class EditorFiles(http.server.BaseHTTPRequestHandler):
    """Only the editor's own files and its configuration; any other address is a 404."""

    config: bytes

    def do_GET(self):
        name = self.path.split("?", 1)[0].lstrip("/") or "index.html"
        if name == "config.json":
            return self.send(self.config, ".json")
        path = self.file_for(name)
        if path is None:
            return self.send_error(404)
        return self.send(path.read_bytes(), path.suffix)

    @staticmethod
    def file_for(name: str) -> Path | None:
        if name in PAGE_FILES:
            return EDITOR / name
        folder, name = (YAML_FILES, name.removeprefix("yaml/")) if name.startswith("yaml/") else (DECAP_FILES, name)
        path = (folder / name).resolve()
        return path if path.is_file() and path.is_relative_to(folder) else None

    def send(self, body: bytes, suffix: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_backend(project: Project, port: int, editor_origin: str) -> subprocess.Popen:
    """decap-server in file-system mode on the working copy, answering only the editor page."""
    environment = {**os.environ, "PORT": str(port), "BIND_HOST": HOST, "MODE": "fs", "LOG_LEVEL": "warn",
                   "GIT_REPO_DIRECTORY": str(project.root), "ORIGIN": editor_origin}
    return subprocess.Popen(["node", str(BACKEND)], cwd=project.root, env=environment, start_new_session=True,
                            preexec_fn=stop_with_parent)


def stop_with_parent() -> None:
    """In the backend, before it starts: end it when this process ends, however that happens."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def shut_down_when_orphaned(server: http.server.HTTPServer) -> None:
    """`make edit` killed by its id (SIGKILL): the editor notices it has a new parent and stops."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        server.shutdown()

    threading.Thread(target=watch, daemon=True).start()


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return True
        time.sleep(0.1)
    return False


def stop_process_group(process: subprocess.Popen, timeout: float = 5) -> None:
    """A process started in its own session and anything it started (the editor's backend, a
    benchmark's preview server): SIGTERM, then SIGKILL after `timeout` seconds."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_editor(project: Project, port: int, backend_port: int) -> int:
    """Serve the editor until Ctrl+C (or SIGTERM); both servers are stopped on the way out."""
    if not (DECAP_FILES.is_dir() and BACKEND.is_file() and YAML_FILES.is_dir()):
        print("The editor is not installed: run `make edit` (it runs npm ci in editor/).", file=sys.stderr)
        return 1
    try:
        config = editor_config(project, f"http://{HOST}:{backend_port}/api/v1")
    except ProblemsFound as error:
        print(f"The editor opens on valid data only. Fix these first:\n{error}", file=sys.stderr)
        return 1
    handler = type("Handler", (EditorFiles,), {"config": json.dumps(config).encode()})
    server = http.server.ThreadingHTTPServer((HOST, port), handler)
    address = f"http://{HOST}:{server.server_port}"
    backend = start_backend(project, backend_port, address)
    for stop_signal in (signal.SIGINT, signal.SIGTERM):  # Ctrl+C, or stopped by its id: the same clean stop
        signal.signal(stop_signal, signal.default_int_handler)
    try:
        if not wait_for_port(backend_port, backend):
            print(f"The editor's file server (decap-server) did not start on port {backend_port}; "
                  f"is the port in use? Choose another: make edit EDIT_PORT=8092", file=sys.stderr)
            return 1
        print(f"Editor: {address}/  (changes are saved into {project.root}; stop with Ctrl+C)", flush=True)
        shut_down_when_orphaned(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        stop_process_group(backend)
    return 0
