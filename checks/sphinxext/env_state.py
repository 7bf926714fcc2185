"""What lis keeps on Sphinx's environment: one typed object, pickled with it.

Sphinx pickles the environment between runs, so what the collectors record
while pages are read (which pages hold placeholders, which needs a page names
…) survives to the next run. It all lives in one :class:`EnvState` under one
name; when its fields change, ``ENV_VERSION`` in checks/sphinxext/__init__.py is
raised so that Sphinx starts from a fresh environment instead of an old one
without them (tests/test_sphinxext_env.py ties the two together).

Also the app an environment belongs to, for directives (``BuildEnvironment.app``
is deprecated in Sphinx 8.2 and goes in 11).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_ATTRIBUTE = "lis_state"


@dataclass
class EnvState:
    # pages holding a placeholder that is written on every build
    placeholder_docs: set[str] = field(default_factory=set)
    # every page holding a placeholder, written on every build or signed
    placeholder_holders: set[str] = field(default_factory=set)
    # page → the need ids its {need} roles name
    need_refs: dict[str, list[str]] = field(default_factory=dict)
    # page → the catalog sources whose coverage line it shows
    coverage_sources: dict[str, list[str]] = field(default_factory=dict)
    # pages holding a sphinx-needs table, list, chart …
    summary_docs: set[str] = field(default_factory=set)


def env_state(env: BuildEnvironment) -> EnvState:
    """What lis keeps on ``env``, made empty the first time."""
    state = getattr(env, _ATTRIBUTE, None)
    if not isinstance(state, EnvState):
        state = EnvState()
        setattr(env, _ATTRIBUTE, state)
    return state


_apps: weakref.WeakKeyDictionary[BuildEnvironment, Sphinx] = weakref.WeakKeyDictionary()


def remember_app(app: Sphinx) -> None:
    """A listener of ``builder-inited``: the environment is final by then."""
    _apps[app.env] = app


def app_of(env: BuildEnvironment) -> Sphinx:
    return _apps[env]


def project_root(env: BuildEnvironment) -> Path:
    """The folder of conf.py: the project's root."""
    return Path(app_of(env).confdir).resolve()
