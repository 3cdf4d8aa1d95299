"""The engine wing: rule files, the compiler, the two backends and evaluation."""
