"""The vocabulary wing: the facts rules are written over, one module per document family, passed explicitly to the compiler."""
