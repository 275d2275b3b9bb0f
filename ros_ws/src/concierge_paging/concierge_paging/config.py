"""Paging service settings: defaults < params file (ROS format, launch/params/paging.yaml) <
PAGING_* environment < `-p name:=value` / command-line options."""

from __future__ import annotations

import os
from pathlib import Path

from concierge_content.paths import repo_root, var_root
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from concierge_paging.rosargs import Param, read_params_file

NODE_NAME = "paging_service"
# Parameters every launched node may be given that mean nothing to a process with no ROS clock.
IGNORED_PARAMS = {"use_sim_time"}


class ConfigError(ValueError):
    """A setting is unknown or has a value the paging service cannot use."""


class PagingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)

    host: str = Field("127.0.0.1", min_length=1)
    port: int = Field(8760, ge=1, le=65535)
    db: str = ""  # SQLite file; empty: var/paging/paging.db
    db_url: str = ""  # any SQLAlchemy URL (postgresql+psycopg://...); wins over db
    site: str = Field("city_hall", pattern=r"^[a-z][a-z0-9_]*$")  # whose staff may be paged
    refresh_s: float = Field(2.0, gt=0, le=60)  # how often the staff page asks for new pages
    recent_s: float = Field(3600, ge=0)  # the staff page also lists pages answered this recently
    max_body_bytes: int = Field(16 * 1024, ge=1024, le=1024 * 1024)

    @property
    def db_path(self) -> Path:
        return Path(self.db) if self.db else var_root() / "paging" / "paging.db"

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.db_path}"

    @property
    def base_url(self) -> str:
        """Where clients on this machine reach the service."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"


def default_params_file() -> Path:
    return repo_root() / "launch" / "params" / "paging.yaml"


def load_config(
    params_files: list[Path] | None = None,
    params: list[Param] | None = None,
    env: dict[str, str] | None = None,
    node_name: str = NODE_NAME,
    namespace: str = "/",
    **overrides: object,
) -> PagingConfig:
    """Read the settings; without params files, launch/params/paging.yaml (if present)."""
    env = os.environ if env is None else env
    names = set(PagingConfig.model_fields)
    values: dict[str, object] = {}
    sources: dict[str, str] = {}

    def put(name: str, value: object, source: str, strict: bool) -> None:
        if name in IGNORED_PARAMS:
            return
        if name not in names:
            if strict:
                raise ConfigError(f"{source}: unknown paging setting {name!r}")
            return  # a `/**` section may hold other nodes' parameters
        values[name], sources[name] = value, source

    if params_files is None:
        default = default_params_file()
        params_files = [default] if default.is_file() else []
    for path in params_files:
        for p in read_params_file(path, node_name, namespace):
            put(p.name, p.value, p.source, p.strict)
    for name in names:
        key = f"PAGING_{name.upper()}"
        if key in env:
            put(name, env[key], key, True)
    for p in params or []:
        put(p.name, p.value, p.source, p.strict)
    for name, value in overrides.items():
        if value is not None:
            put(name, value, "option", True)
    try:
        return PagingConfig(**values)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err.get("loc") else "?"
            where = sources.get(name, "setting")
            problems.append(f"{where}: {name}={values.get(name)!r}: {err['msg']}")
        raise ConfigError("; ".join(problems)) from None
