# A counted loop (uniform 3 iterations) of dual-issued float work and an SFU op.
nop ; nop ; ldunifrf.rf1
nop ; nop ; ldunifrf.rf1
nop ; nop ; ldunifrf.rf1
nop ; nop ; ldunifrf.rf1
mov rf2, 1
loop:
sub.pushz rf1, rf1, rf2
b.anyna loop
fadd rf3, rf3, r1 ; fmul r1, r1, r1
add rf4, rf4, 1 ; fmul r2, r1, r1
fsub rf5, rf5, r2 ; fmul r3, r2, r1
mov recip, rf4
nop
nop
fadd rf6, r4, r4
nop ; nop ; thrsw
nop ; nop ; thrsw
nop
nop
nop ; nop ; thrsw
nop
nop
nop
