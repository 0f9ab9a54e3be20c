"""What the tests share: test modules import these helpers (and conftest fixtures), never each
other, so moving or deleting a test never breaks another one."""
