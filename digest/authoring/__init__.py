"""Tools editors run: `digest new`, `digest extract` and `digest import`. Nothing else in
digest imports them."""
