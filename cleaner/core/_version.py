"""The version of cleaner, for `--version`, reports and the cache key."""

VERSION = "0.1.0"
