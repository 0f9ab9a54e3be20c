"""A depot: the package the matrix and explorer tests document."""
