# Thin shim: the metadata lives in pyproject.toml (PEP 621). Kept so that tools which still call
# `python setup.py develop` (older bench versions) install the app the same way `pip install -e .` does.
from setuptools import setup

setup()
