"""Production settings plus one extra route: the benchmark's "floor" view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
