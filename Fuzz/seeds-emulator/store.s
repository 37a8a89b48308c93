# Stores 4·lane at data + 4·lane (uniform 0 = data address).
eidx r1 ; nop ; ldunif
shl r1, r1, 2
mov tmud, r1
add tmua, r5, r1
tmuwt -
nop ; nop ; thrsw
nop ; nop ; thrsw
nop
nop
nop ; nop ; thrsw
nop
nop
nop
