"""Annual assessment of Hương Khê district's public administration reform plan 2021-2030."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("assessment")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"
