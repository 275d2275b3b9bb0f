"""docdrop settings: launch/params/docdrop.yaml, overridden by DOCDROP_* environment variables."""

from __future__ import annotations

import base64
import dataclasses
import os
from dataclasses import dataclass, fields
from pathlib import Path

import yaml
from concierge_content.paths import repo_root, var_root


class ConfigError(ValueError):
    """A setting is missing or has a value docdrop cannot use."""


@dataclass
class DocdropConfig:
    host: str = "127.0.0.1"
    port: int = 8750
    public_url: str = ""
    base_path: str = ""
    db_url: str = ""
    data_dir: str = ""
    key: str = ""
    session_ttl_s: float = 900
    max_files: int = 10
    max_file_bytes: int = 10 * 1024 * 1024
    max_image_pixels: int = 40_000_000
    image_workers: int = 0  # photos re-encoded at once (memory bound); 0 = number of CPUs
    upload_idle_timeout_s: float = 15
    upload_total_timeout_s: float = 300
    sessions_per_minute_per_client: int = 30
    bad_tokens_per_minute_per_client: int = 20
    retention_s: float = 86400
    unsubmitted_grace_s: float = 3600
    delivery_timeout_s: float = 30
    delivery_lease_s: float = 90
    retry_base_s: float = 2
    retry_max_s: float = 600
    max_attempts: int = 30
    worker_poll_s: float = 0.5
    inbox_enabled: bool = True
    inbox_host: str = "127.0.0.1"
    inbox_port: int = 8751
    inbox_url: str = ""
    inbox_dir: str = ""
    inbox_delay_first_s: float = 0
    agencies_file: str = ""

    # -- derived values -------------------------------------------------------------------
    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else var_root() / "docdrop"

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.data_path / 'docdrop.sqlite3'}"

    @property
    def public_origin(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def prefix(self) -> str:
        """The base path without a trailing slash ('' or '/docdrop')."""
        path = self.base_path.strip().rstrip("/")
        return path if not path or path.startswith("/") else "/" + path

    @property
    def inbox_base_url(self) -> str:
        return (self.inbox_url or f"http://{self.inbox_host}:{self.inbox_port}").rstrip("/")

    @property
    def inbox_path(self) -> Path:
        return Path(self.inbox_dir) if self.inbox_dir else var_root() / "agency-inbox"

    def upload_url(self, token: str) -> str:
        return f"{self.public_origin}{self.prefix}/u/{token}"

    def api_url(self) -> str:
        """Where the kiosk reaches the API (always the local listener, not the public URL)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}{self.prefix}"

    def encryption_key(self) -> bytes:
        """The 32-byte key for files at rest: from config, else generated once into data_dir."""
        if self.key:
            return _decode_key(self.key, "key (DOCDROP_KEY)")
        path = self.data_path / "key"
        if not path.exists():
            self.data_path.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(base64.urlsafe_b64encode(os.urandom(32)).decode() + "\n")
        return _decode_key(path.read_text().strip(), str(path))

    @property
    def image_slots(self) -> int:
        return self.image_workers if self.image_workers > 0 else max(1, os.cpu_count() or 1)

    def with_(self, **changes: object) -> DocdropConfig:
        return dataclasses.replace(self, **changes)


def _decode_key(text: str, where: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4))
    except ValueError:
        raise ConfigError(f"{where}: not base64") from None
    if len(raw) != 32:
        raise ConfigError(f"{where}: must decode to 32 bytes, got {len(raw)}")
    return raw


def default_params_file() -> Path:
    return repo_root() / "launch" / "params" / "docdrop.yaml"


def _coerce(name: str, kind: type, value: object, where: str) -> object:
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(f"{where}: {name} must be true or false, got {value!r}")
    try:
        return kind(value if value is not None else "")
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {name} must be {kind.__name__}, got {value!r}") from None


def load_config(
    path: Path | None = None, env: dict[str, str] | None = None, **overrides: object
) -> DocdropConfig:
    """Defaults < YAML file < DOCDROP_* environment < keyword overrides (e.g. from the CLI)."""
    env = os.environ if env is None else env
    path = (
        Path(env.get("DOCDROP_CONFIG", "")) if path is None and env.get("DOCDROP_CONFIG") else path
    )
    path = path or default_params_file()
    kinds = {
        f.name: {"int": int, "float": float, "bool": bool}.get(f.type, str)
        for f in fields(DocdropConfig)
    }
    values: dict[str, object] = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping of settings")
        for key, value in data.items():
            if key not in kinds:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[key] = _coerce(key, kinds[key], value, str(path))
    for key, kind in kinds.items():
        env_name = f"DOCDROP_{key.upper()}"
        if env_name in env:
            values[key] = _coerce(key, kind, env[env_name], env_name)
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in kinds:
            raise ConfigError(f"unknown setting {key!r}")
        values[key] = _coerce(key, kinds[key], value, "option")
    cfg = DocdropConfig(**values)
    _validate(cfg)
    return cfg


def _validate(cfg: DocdropConfig) -> None:
    if not 0 < cfg.port < 65536 or not 0 < cfg.inbox_port < 65536:
        raise ConfigError("port and inbox_port must be between 1 and 65535")
    if cfg.max_files < 1 or cfg.max_file_bytes < 1024:
        raise ConfigError("max_files must be >= 1 and max_file_bytes >= 1024")
    if cfg.session_ttl_s <= 0:
        raise ConfigError("session_ttl_s must be positive")
    if cfg.delivery_lease_s <= cfg.delivery_timeout_s:
        raise ConfigError("delivery_lease_s must be longer than delivery_timeout_s")
