// Golden vectors: V3D 4.2 words and the exact text Mesa's disassembler prints for them.
// Sources: Mesa's own 4.2 disassembler test vectors, the vc6qpudisas README example, and words
// produced by py-videocore6's assembler (as collected in shared/isa/encoding.md §12).

struct GoldenVector {
  let word: UInt64
  let mesaText: String
}

let goldenVectors: [GoldenVector] = [
  GoldenVector(
    word: 0x3d00_3186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldvary.rf0"),
  GoldenVector(
    word: 0x3c20_3181_0582_9000,
    mesaText: "fadd r1, r1, r5               ; nop                         ; thrsw"),
  GoldenVector(
    word: 0x3c40_3186_bb81_d000,
    mesaText: "vpmsetup -, r5                ; nop                         ; ldunif"),
  GoldenVector(
    word: 0x3c00_2380_b6ed_b000, mesaText: "or rf0, r3, r3                ; mov vpm, r3"),
  GoldenVector(
    word: 0x9c09_4ade_f634_b000,
    mesaText: "ffloor.ifb rf30.l, r3         ; fmul.pushz rf43.l, r5, r1.h"),
  GoldenVector(
    word: 0xb004_4c56_ba32_6840,
    mesaText: "flpop rf22, rf33              ; fmul.pushz rf49.l, r4.h, r1.abs"),
  GoldenVector(
    word: 0x101e_8b6e_8aad_4000, mesaText: "fmax.nornn rf46, r4.l, r2.l   ; vfmul.ifnb rf45, r3, r5"
  ),
  GoldenVector(
    word: 0x1857_d3c2_1982_5000,
    mesaText: "faddnf.norc r2.l, r5.l, r4    ; vfmul.ifb rf15, r0.ll, r4   ; ldunif"),
  GoldenVector(
    word: 0x1c0a_0dfd_e229_4000, mesaText: "fcmp.ifna rf61.h, r4.abs, r2.l; vfmul rf55, r2.hh, r1"),
  GoldenVector(
    word: 0x2011_c89b_402c_c000,
    mesaText: "fsub.norz rf27, r4.abs, r1.abs; vfmul.ifa rf34, r3.swp, r1"),
  GoldenVector(
    word: 0xe01b_42ab_3bb0_63c0,
    mesaText: "vfpack.andnc rf43, rf15.l, r0.h; fmul.ifna rf10.h, r4.l, r5.abs"),
  GoldenVector(
    word: 0x600b_8b87_fb4d_1000,
    mesaText: "fdx.ifnb rf7.h, r1.l          ; fmul.pushn rf46, r3.l, r2.abs"),
  GoldenVector(
    word: 0x5de2_4398_bbdc_6218, mesaText: "vflb.andnn rf24               ; fmul rf14, -8, rf8.h"),
  GoldenVector(
    word: 0x25ef_83d8_b166_f00f,
    mesaText: "vfmin.pushn rf24, 15.ff, r5   ; smul24.ifnb rf15, r1, r3"),
  GoldenVector(
    word: 0xaded_cdf7_0839_f990,
    mesaText: "faddnf.pushc rf55, -16.l, r3.abs; fmul.ifb rf55.l, rf38.l, r1.h"),
  GoldenVector(
    word: 0x7dff_89fa_6a01_f020,
    mesaText: "fsub.nornc rf58.h, 0x3b800000.l, r3.l; fmul.ifnb rf39, r0.h, r0.h"),
  GoldenVector(word: 0x0200_0006_0020_34c0, mesaText: "b.anyap  rf19"),
  GoldenVector(word: 0x0267_9356_b420_1000, mesaText: "b.anyap  -1268280496"),
  GoldenVector(word: 0x02b7_6a2d_d040_0000, mesaText: "b.anynaq  zero_addr+0xd0b76a28"),
  GoldenVector(word: 0x0200_0005_0040_2000, mesaText: "b.anynaq  lri"),
  GoldenVector(word: 0x0216_fe16_7301_c8c0, mesaText: "bu.anya  zero_addr+0x7316fe10, rf35"),
  GoldenVector(word: 0x0200_0005_0040_e000, mesaText: "bu.anynaq  lri, r:unif"),
  GoldenVector(word: 0x0200_0003_0000_6000, mesaText: "bu.na0  lri, a:unif"),
  GoldenVector(word: 0x3c00_3187_3580_8000, mesaText: "vfpack tlb, r0, r1            ; nop"),
  GoldenVector(
    word: 0xe057_1c93_8e8d_5000,
    mesaText: "fmax.andc recip, r5.h, r2.l   ; fmul.ifb rf50.h, r3.l, r4.abs; ldunif"),
  GoldenVector(
    word: 0xc040_98d4_382c_9000,
    mesaText: "add.pushn rsqrt, r1, r1       ; fmul rf35.h, r3.abs, r1.abs ; ldunif"),
  GoldenVector(
    word: 0x481e_dcd6_b318_4500,
    mesaText: "vfmin.norn log, r4.hh, r0     ; fmul.ifnb rf51, rf20.abs, r0.l"),
  GoldenVector(
    word: 0x0416_18d5_7c45_3000, mesaText: "shl.andn exp, r3, r2          ; add.ifb rf35, r1, r2"),
  GoldenVector(
    word: 0x7048_e5da_4927_2800,
    mesaText: "fsub.ifa rf26, r2.l, rf32     ; fmul.pushc sin, r1.h, r1.abs; ldunif"),
  GoldenVector(
    word: 0x1f01_0520_cf60_a000,
    mesaText: "fcmp.andz rf32, r2.h, r1.h    ; vfmul rf20, r0.hh, r3       ; ldunifa"),
  GoldenVector(
    word: 0x9320_45e6_c16e_a000,
    mesaText: "fcmp rf38, r2.abs, r5         ; fmul rf23.l, r3, r3.abs     ; ldunifarf.rf1"),
  GoldenVector(
    word: 0xd72f_0434_e43a_e5c0,
    mesaText: "fcmp rf52.h, rf23, r5.abs     ; fmul rf16.h, rf23, r1       ; ldunifarf.rf60"),
  GoldenVector(
    word: 0xdb30_48eb_9d53_3780,
    mesaText: "fmax rf43.l, r3.h, rf30       ; fmul rf35.h, r4, r2.l       ; ldunifarf.r1"),
  GoldenVector(
    word: 0x7336_2047_1e6c_e700,
    mesaText: "faddnf rf7.l, rf28.h, r1.l    ; fmul r1, r3.h, r3.abs       ; ldunifarf.rsqrt2"),
  GoldenVector(word: 0x3de0_20c7_bdfd_200d, mesaText: "ldvpmg_in rf7, r2, r2         ; mov r3, 13"),
  GoldenVector(word: 0x3de0_2040_f8ff_7201, mesaText: "stvpmv 1, rf8                 ; mov r1, 1"),
  GoldenVector(
    word: 0xd800_0e50_bb2d_3000, mesaText: "sampid rf16                   ; fmul rf57.h, r3, r1.l"),
  GoldenVector(
    word: 0xe98d_60c1_ba2a_ef80,
    mesaText: "recip rf1, rf62               ; fmul r3.h, r2.l, r1.l       ; ldunifrf.rf53"),
  GoldenVector(
    word: 0x7d87_c2de_bc51_c000,
    mesaText: "rsqrt rf30, r4                ; fmul rf11, r4.h, r2.h       ; ldunifrf.rf31"),
  GoldenVector(
    word: 0xb182_475a_bc2b_b000,
    mesaText: "rsqrt2 rf26, r3               ; fmul rf29.l, r2.h, r1.abs   ; ldunifrf.rf9"),
  GoldenVector(
    word: 0x7988_0808_bc0b_6900,
    mesaText: "sin rf8, rf36                 ; fmul rf32, r2.h, r0.l       ; ldunifrf.rf32"),
  GoldenVector(
    word: 0x0409_2094_bc5a_28c0, mesaText: "exp.ifb rf20, r2              ; add r2, rf35, r2"),
  GoldenVector(
    word: 0xe006_48bf_bc32_a000,
    mesaText: "log rf63, r2                  ; fmul.andnn rf34.h, r4.l, r1.abs"),
  GoldenVector(
    word: 0x3c20_3192_bb81_4000,
    mesaText: "barrierid syncb               ; nop                         ; thrsw"),
  GoldenVector(
    word: 0x5400_1f40_38f9_1fbf, mesaText: "add r0, r1, r2                ; fmul rf61, rf62, rf63"),
  GoldenVector(word: 0x3c00_3186_bb80_0000, mesaText: "nop                           ; nop"),
  GoldenVector(word: 0x3c00_3180_0581_1000, mesaText: "fadd r0, r1, r2               ; nop"),
  GoldenVector(word: 0x3c00_3180_0580_a000, mesaText: "faddnf r0, r2, r1             ; nop"),
  GoldenVector(word: 0x3c00_218a_8583_12c0, mesaText: "fmin rf10, r1, rf11           ; nop"),
  GoldenVector(word: 0x3c00_218a_8580_e2c0, mesaText: "fmax rf10, rf11, r1           ; nop"),
  GoldenVector(word: 0x3de0_2181_3883_e083, mesaText: "add rf1, rf2, 3               ; nop"),
  GoldenVector(word: 0x3de0_3180_3c83_801f, mesaText: "sub r0, r0, -1                ; nop"),
  GoldenVector(word: 0x3de0_3180_b683_f028, mesaText: "or r0, 0x3f800000, 0x3f800000 ; nop"),
  GoldenVector(
    word: 0x09e0_1fc6_bbf8_0fa8,
    mesaText: "nop                           ; sub rf63, rf62, 0x3f800000"),
  GoldenVector(
    word: 0x3de0_1506_bbfc_0027, mesaText: "nop                           ; mov rf20, 0x3f000000"),
  GoldenVector(
    word: 0x3c40_3180_bb80_2000,
    mesaText: "eidx r0                       ; nop                         ; ldunif"),
  GoldenVector(
    word: 0x3de0_1043_7cf7_f004, mesaText: "shl r3, 4, 4                  ; mov rf1, r5"),
  GoldenVector(
    word: 0x0420_100c_b67b_6000,
    mesaText: "or tmua, rf0, rf0             ; add rf0, rf0, r3            ; thrsw"),
  GoldenVector(
    word: 0x3c00_330b_b6f8_9040, mesaText: "or tmud, r1, r1               ; mov tmua, rf1"),
  GoldenVector(
    word: 0x5400_1101_b5fb_e083, mesaText: "and r1, rf2, rf3              ; fmul rf4, rf2, rf3"),
  GoldenVector(word: 0x3c00_3189_b683_6280, mesaText: "or unifa, rf10, rf10          ; nop"),
  GoldenVector(word: 0x3c00_31b7_b680_0000, mesaText: "or r5rep, r0, r0              ; nop"),
  GoldenVector(
    word: 0x3c90_3186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldtmu.r0"),
  GoldenVector(
    word: 0x3d81_7186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldunifrf.rf5"),
  GoldenVector(
    word: 0x3d9d_f186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldunifrf.r5rep"),
  GoldenVector(
    word: 0x3f00_3186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldunifa"),
  GoldenVector(
    word: 0x3f22_7186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldunifarf.rf9"),
  GoldenVector(
    word: 0x3d00_7186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldvary.rf1"),
  GoldenVector(
    word: 0x3e10_7186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldtlb.r1"),
  GoldenVector(
    word: 0x3e20_b186_bb80_0000,
    mesaText: "nop                           ; nop                         ; ldtlbu.rf2"),
  GoldenVector(
    word: 0x3e40_3186_bb80_0000,
    mesaText: "nop                           ; nop                         ; wrtmuc"),
  GoldenVector(word: 0x3ec0_3186_bb80_0000, mesaText: "nop                           ; nop"),
  GoldenVector(
    word: 0x3c60_3186_bb80_0000,
    mesaText: "nop                           ; nop                         ; thrsw; ldunif"),
  GoldenVector(
    word: 0x3eb0_f186_bb80_0000,
    mesaText:
      "nop                           ; nop                         ; thrsw; ldvary.r3; wrtmuc"),
  GoldenVector(
    word: 0x3dc1_6181_3883_e081,
    mesaText: "add rf1, rf2, 1               ; nop                         ; ldvary.rf5"),
  GoldenVector(
    word: 0x3ff2_e181_3883_e09d,
    mesaText: "add rf1, rf2, -3              ; nop                         ; ldtmu.tmud"),
  GoldenVector(
    word: 0x544c_50c0_05b0_0000,
    mesaText: "fadd.pushz r0, r0, r0         ; fmul.ifa rf3, r4, r5        ; ldunif"),
  GoldenVector(word: 0x3c00_a18c_c581_1000, mesaText: "fcmp.pushn rf12, r1, r2       ; nop"),
  GoldenVector(
    word: 0x5400_d106_c520_8000, mesaText: "fcmp.pushc -, r0, r1          ; fmul rf4, r0, r1"),
  GoldenVector(
    word: 0x0814_3001_3845_a000, mesaText: "add.ifa r1, r2, r3            ; sub.ifb r0, r1, r2"),
  GoldenVector(
    word: 0x081f_f001_3845_a000, mesaText: "add.norc r1, r2, r3           ; sub.ifnb r0, r1, r2"),
  GoldenVector(
    word: 0x0808_f001_3845_a000, mesaText: "add.ifa r1, r2, r3            ; sub.pushc r0, r1, r2"),
  GoldenVector(
    word: 0x080e_7001_3845_a000, mesaText: "add.pushz r1, r2, r3          ; sub.ifna r0, r1, r2"),
  GoldenVector(
    word: 0x0807_7001_3845_a000, mesaText: "add r1, r2, r3                ; sub.andnc r0, r1, r2"),
  GoldenVector(
    word: 0x5416_4101_3c23_e083, mesaText: "sub.andnn rf1, rf2, rf3       ; fmul.ifb rf4, r0, r1"),
  GoldenVector(
    word: 0x5405_9106_bb20_0000, mesaText: "nop                           ; fmul.nornz rf4, r0, r1"),
  GoldenVector(
    word: 0x3818_f080_852c_8000, mesaText: "fmin.ifnb r0, r0, r1          ; fmov.ifna r2, r3"),
  GoldenVector(word: 0x3c00_2181_5283_e083, mesaText: "fsub rf1.l, rf2.abs, rf3.l    ; nop"),
  GoldenVector(word: 0x3de0_2181_2683_70a9, mesaText: "fadd rf1.h, 0x40000000, rf2.l ; nop"),
  GoldenVector(
    word: 0x8c00_1046_bb38_0080,
    mesaText: "nop                           ; fmul rf1.l, rf2.abs, r1.h"),
  GoldenVector(
    word: 0x3c00_3046_bb08_0000, mesaText: "nop                           ; fmov r1.h, r2.abs"),
  GoldenVector(
    word: 0x3800_3046_bba8_0000, mesaText: "nop                           ; fmov r1.l, r2"),
  GoldenVector(word: 0x3c00_3181_3581_a000, mesaText: "vfpack r1, r2, r3             ; nop"),
  GoldenVector(word: 0x3c00_3181_b281_a000, mesaText: "vfmin r1, r2.ll, r3           ; nop"),
  GoldenVector(word: 0x3c00_3181_f081_a000, mesaText: "vfmax r1, r2, r3              ; nop"),
  GoldenVector(
    word: 0x1400_3046_bb68_0000, mesaText: "nop                           ; vfmul r1, r2.ff, r3"),
  GoldenVector(
    word: 0x2000_3046_bb68_0000, mesaText: "nop                           ; vfmul r1, r2.swp, r3"),
  GoldenVector(
    word: 0x0c00_3046_bb68_0000, mesaText: "nop                           ; umul24 r1, r2, r3"),
  GoldenVector(
    word: 0x2400_3046_bb68_0000, mesaText: "nop                           ; smul24 r1, r2, r3"),
  GoldenVector(
    word: 0x2800_3186_bb68_0000, mesaText: "nop                           ; multop -, r2, r3"),
  GoldenVector(word: 0x3c00_3181_fc80_2000, mesaText: "itof r1, r2                   ; nop"),
  GoldenVector(word: 0x3c00_3181_fc81_a000, mesaText: "clz r1, r2                    ; nop"),
  GoldenVector(word: 0x3c00_3181_f583_a000, mesaText: "ftoiz r1, r2                  ; nop"),
  GoldenVector(word: 0x3c00_3181_f981_a000, mesaText: "ftoin r1, r2.l                ; nop"),
  GoldenVector(word: 0x3c00_3181_fe83_a000, mesaText: "ftoc r1, r2.h                 ; nop"),
  GoldenVector(word: 0x3c00_3181_fd80_a000, mesaText: "fround r1.l, r2.h             ; nop"),
  GoldenVector(word: 0x3c00_3181_fb83_2000, mesaText: "fdy r1.h, r2.l                ; nop"),
  GoldenVector(word: 0x3c00_3181_ba82_a000, mesaText: "recip r1, r2                  ; nop"),
  GoldenVector(word: 0x3c00_3181_bc83_a000, mesaText: "rsqrt2 r1, r2                 ; nop"),
  GoldenVector(word: 0x3c00_2183_bb80_1000, mesaText: "tidx rf3                      ; nop"),
  GoldenVector(word: 0x3c00_3186_bb81_5000, mesaText: "tmuwt -                       ; nop"),
  GoldenVector(word: 0x3c00_3181_bb80_7000, mesaText: "vflnb r1                      ; nop"),
  GoldenVector(word: 0x3c00_2184_bb80_3000, mesaText: "lr rf4                        ; nop"),
  GoldenVector(
    word: 0x06e0_3046_bb00_0003, mesaText: "nop                           ; add r1, r0, r0"),
  GoldenVector(word: 0x3ee0_3046_bbe0_001f, mesaText: "nop                           ; mov r1, r0"),
  GoldenVector(word: 0x3ee0_3046_bbe0_0000, mesaText: "nop                           ; mov r1, r0"),
  GoldenVector(
    word: 0x3ee0_3046_bbf8_0801, mesaText: "nop                           ; mov r1, rf32"),
  GoldenVector(word: 0x0200_0000_0000_9000, mesaText: "b  0"),
  GoldenVector(word: 0x02ff_ffc0_ff00_9000, mesaText: "b  -64"),
  GoldenVector(word: 0x02ff_ffbd_ff00_9000, mesaText: "b.anyna  -72"),
  GoldenVector(word: 0x0200_1004_0000_8000, mesaText: "b.alla  zero_addr+0x00001000"),
  GoldenVector(word: 0x0200_0000_0000_b0c0, mesaText: "b  rf3"),
  GoldenVector(word: 0x0200_0000_0000_a000, mesaText: "b  lri"),
  GoldenVector(word: 0x02ff_ff98_ff80_9000, mesaText: "b  -104"),
  GoldenVector(word: 0x02ff_ff90_ff00_d000, mesaText: "bu  -112, r:unif"),
  GoldenVector(word: 0x02ff_ff8a_ff00_5000, mesaText: "bu.a0  -120, a:unif"),
  GoldenVector(word: 0x02ff_ff87_ff01_d1c0, mesaText: "bu.allna  -128, rf7"),
]
