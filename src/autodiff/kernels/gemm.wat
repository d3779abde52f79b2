;; Dense kernels of pathwise in WebAssembly with 128-bit SIMD (two f64 lanes).
;; Assembled by `npm run build:wasm` (scripts/build-wasm.ts, wabt) into gemm-wasm.ts.
;;
;; Every output element is the sum over p in order from 0 of x_p * y_p, starting from
;; +0, one f64 multiply and one f64 add per term (no fused multiply-add): the same IEEE
;; operations in the same order as a plain scalar loop. The two lanes of a vector hold
;; two *different* output elements, never two partial sums of one, so results are bit
;; for bit those of the plain-JS kernels in js.ts.
;;
;; All addresses and strides are in bytes.
(module
  (memory (export "memory") 1)

  ;; gemm_rows: o[i,j] = sum_p a[i,p] * b[p,j], with a[i,p] at a + i*ais + p*aps,
  ;; b[p,j] at b + p*bps + 8j (contiguous in j) and o[i,j] at o + i*ois + j*ojs.
  ;; One row i at a time; 16 columns (8 vectors) per sweep over p, then 8, 4, 2 and 1.
  (func (export "gemm_rows")
    (param $a i32) (param $ais i32) (param $aps i32) (param $b i32) (param $bps i32)
    (param $o i32) (param $ois i32) (param $ojs i32) (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $j i32) (local $p i32) (local $pa i32) (local $pb i32) (local $w i32)
    (local $x v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128) (local $s f64)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        ;; 16 columns at a time
        (block $c16_done
          (loop $c16
            (br_if $c16_done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $m)))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $s4 (v128.const f64x2 0 0))
            (local.set $s5 (v128.const f64x2 0 0))
            (local.set $s6 (v128.const f64x2 0 0))
            (local.set $s7 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p16_done
              (loop $p16
                (br_if $p16_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $x (v128.load64_splat (local.get $pa)))
                (local.set $s0 (f64x2.add (local.get $s0)
                  (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
                (local.set $s1 (f64x2.add (local.get $s1)
                  (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
                (local.set $s2 (f64x2.add (local.get $s2)
                  (f64x2.mul (local.get $x) (v128.load offset=32 (local.get $pb)))))
                (local.set $s3 (f64x2.add (local.get $s3)
                  (f64x2.mul (local.get $x) (v128.load offset=48 (local.get $pb)))))
                (local.set $s4 (f64x2.add (local.get $s4)
                  (f64x2.mul (local.get $x) (v128.load offset=64 (local.get $pb)))))
                (local.set $s5 (f64x2.add (local.get $s5)
                  (f64x2.mul (local.get $x) (v128.load offset=80 (local.get $pb)))))
                (local.set $s6 (f64x2.add (local.get $s6)
                  (f64x2.mul (local.get $x) (v128.load offset=96 (local.get $pb)))))
                (local.set $s7 (f64x2.add (local.get $s7)
                  (f64x2.mul (local.get $x) (v128.load offset=112 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bps)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p16)))
            (local.set $w (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
              (i32.mul (local.get $j) (local.get $ojs))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s0))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s1))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s2))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s3))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s4))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s5))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s6))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s7))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $c16)))
        ;; 8 columns at a time
        (if (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $m)) (then
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p8_done
              (loop $p8
                (br_if $p8_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $x (v128.load64_splat (local.get $pa)))
                (local.set $s0 (f64x2.add (local.get $s0)
                  (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
                (local.set $s1 (f64x2.add (local.get $s1)
                  (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
                (local.set $s2 (f64x2.add (local.get $s2)
                  (f64x2.mul (local.get $x) (v128.load offset=32 (local.get $pb)))))
                (local.set $s3 (f64x2.add (local.get $s3)
                  (f64x2.mul (local.get $x) (v128.load offset=48 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bps)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p8)))
            (local.set $w (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
              (i32.mul (local.get $j) (local.get $ojs))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s0))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s1))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s2))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s3))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            ))
        ;; 4 columns at a time
        (if (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $m)) (then
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p4_done
              (loop $p4
                (br_if $p4_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $x (v128.load64_splat (local.get $pa)))
                (local.set $s0 (f64x2.add (local.get $s0)
                  (f64x2.mul (local.get $x) (v128.load (local.get $pb)))))
                (local.set $s1 (f64x2.add (local.get $s1)
                  (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bps)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p4)))
            (local.set $w (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
              (i32.mul (local.get $j) (local.get $ojs))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s0))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ojs) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ojs) (local.get $s1))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            ))
        ;; 2 columns at a time
        (block $c2_done
          (loop $c2
            (br_if $c2_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $m)))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p2_done
              (loop $p2
                (br_if $p2_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s0 (f64x2.add (local.get $s0)
                  (f64x2.mul (v128.load64_splat (local.get $pa)) (v128.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bps)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p2)))
            (call $store2
              (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
                (i32.mul (local.get $j) (local.get $ojs)))
              (local.get $ojs) (local.get $s0))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $c2)))
        ;; the last column
        (if (i32.lt_u (local.get $j) (local.get $m))
          (then
            (local.set $s (f64.const 0))
            (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $p1_done
              (loop $p1
                (br_if $p1_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.load (local.get $pa)) (f64.load (local.get $pb)))))
                (local.set $pa (i32.add (local.get $pa) (local.get $aps)))
                (local.set $pb (i32.add (local.get $pb) (local.get $bps)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $p1)))
            (f64.store
              (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
                (i32.mul (local.get $j) (local.get $ojs)))
              (local.get $s))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Stores the lanes of v at w and w + stride.
  (func $store2 (param $w i32) (param $stride i32) (param $v v128)
    (f64.store (local.get $w) (f64x2.extract_lane 0 (local.get $v)))
    (f64.store (i32.add (local.get $w) (local.get $stride)) (f64x2.extract_lane 1 (local.get $v))))

  ;; gemm_dots: o[i,j] = sum_p a[i,p] * b[p,j], with a[i,p] at a + i*ais + 8p and b[p,j]
  ;; at b + j*bjs + 8p (both contiguous in p), o[i,j] at o + i*ois + j*ojs. One column j
  ;; at a time; rows i..i+7 in four vectors [s_i, s_i+1], ..., loading pairs (p, p+1) of
  ;; each row and transposing the 2x2 blocks, so lane r still sums over p in order.
  (func (export "gemm_dots")
    (param $a i32) (param $ais i32) (param $b i32) (param $bjs i32)
    (param $o i32) (param $ois i32) (param $ojs i32) (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $j i32) (local $q i32) (local $end i32) (local $bj i32) (local $w i32)
    (local $r0 i32) (local $r2 i32) (local $r4 i32) (local $r6 i32) (local $a2 i32)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $y v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s f64)
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (local.set $a2 (i32.shl (local.get $ais) (i32.const 1)))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $bj (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $bjs))))
        (local.set $i (i32.const 0))
        ;; 8 rows at a time
        (block $r8_done
          (loop $r8
            (br_if $r8_done (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
            (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $r2 (i32.add (local.get $r0) (local.get $a2)))
            (local.set $r4 (i32.add (local.get $r2) (local.get $a2)))
            (local.set $r6 (i32.add (local.get $r4) (local.get $a2)))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $q (i32.const 0))
            (block $p_done
              (loop $p
                (br_if $p_done (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $b0 (v128.load64_splat (i32.add (local.get $bj) (local.get $q))))
                (local.set $b1 (v128.load64_splat offset=8 (i32.add (local.get $bj) (local.get $q))))
                (local.set $x (v128.load (i32.add (local.get $r0) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r0) (local.get $ais)) (local.get $q))))
                (local.set $s0 (f64x2.add
                  (f64x2.add (local.get $s0) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $b0)))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $b1))))
                (local.set $x (v128.load (i32.add (local.get $r2) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r2) (local.get $ais)) (local.get $q))))
                (local.set $s1 (f64x2.add
                  (f64x2.add (local.get $s1) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $b0)))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $b1))))
                (local.set $x (v128.load (i32.add (local.get $r4) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r4) (local.get $ais)) (local.get $q))))
                (local.set $s2 (f64x2.add
                  (f64x2.add (local.get $s2) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $b0)))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $b1))))
                (local.set $x (v128.load (i32.add (local.get $r6) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r6) (local.get $ais)) (local.get $q))))
                (local.set $s3 (f64x2.add
                  (f64x2.add (local.get $s3) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $b0)))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $b1))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $p)))
            (if (i32.and (local.get $k) (i32.const 1))
              (then
                (local.set $b0 (v128.load64_splat (i32.add (local.get $bj) (local.get $q))))
                (local.set $s0 (f64x2.add (local.get $s0)
                  (f64x2.mul (call $pair (i32.add (local.get $r0) (local.get $q)) (local.get $ais)) (local.get $b0))))
                (local.set $s1 (f64x2.add (local.get $s1)
                  (f64x2.mul (call $pair (i32.add (local.get $r2) (local.get $q)) (local.get $ais)) (local.get $b0))))
                (local.set $s2 (f64x2.add (local.get $s2)
                  (f64x2.mul (call $pair (i32.add (local.get $r4) (local.get $q)) (local.get $ais)) (local.get $b0))))
                (local.set $s3 (f64x2.add (local.get $s3)
                  (f64x2.mul (call $pair (i32.add (local.get $r6) (local.get $q)) (local.get $ais)) (local.get $b0))))))
            (local.set $w (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
              (i32.mul (local.get $j) (local.get $ojs))))
            (call $store2 (local.get $w) (local.get $ois) (local.get $s0))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ois) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ois) (local.get $s1))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ois) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ois) (local.get $s2))
            (local.set $w (i32.add (local.get $w) (i32.shl (local.get $ois) (i32.const 1))))
            (call $store2 (local.get $w) (local.get $ois) (local.get $s3))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br $r8)))
        ;; 2 rows at a time
        (block $r2_done
          (loop $r2l
            (br_if $r2_done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
            (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $s0 (v128.const f64x2 0 0))
            (local.set $q (i32.const 0))
            (block $q_done
              (loop $ql
                (br_if $q_done (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $x (v128.load (i32.add (local.get $r0) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r0) (local.get $ais)) (local.get $q))))
                (local.set $s0 (f64x2.add
                  (f64x2.add (local.get $s0)
                    (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y))
                      (v128.load64_splat (i32.add (local.get $bj) (local.get $q)))))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y))
                    (v128.load64_splat offset=8 (i32.add (local.get $bj) (local.get $q))))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $ql)))
            (if (i32.and (local.get $k) (i32.const 1))
              (then
                (local.set $s0 (f64x2.add (local.get $s0)
                  (f64x2.mul (call $pair (i32.add (local.get $r0) (local.get $q)) (local.get $ais))
                    (v128.load64_splat (i32.add (local.get $bj) (local.get $q))))))))
            (call $store2
              (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
                (i32.mul (local.get $j) (local.get $ojs)))
              (local.get $ois) (local.get $s0))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $r2l)))
        ;; the last row
        (if (i32.lt_u (local.get $i) (local.get $n))
          (then
            (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ais))))
            (local.set $s (f64.const 0))
            (local.set $q (i32.const 0))
            (local.set $end (i32.shl (local.get $k) (i32.const 3)))
            (block $s_done
              (loop $sl
                (br_if $s_done (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $s (f64.add (local.get $s)
                  (f64.mul (f64.load (i32.add (local.get $r0) (local.get $q)))
                    (f64.load (i32.add (local.get $bj) (local.get $q))))))
                (local.set $q (i32.add (local.get $q) (i32.const 8)))
                (br $sl)))
            (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
            (f64.store
              (i32.add (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $ois)))
                (i32.mul (local.get $j) (local.get $ojs)))
              (local.get $s))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols))))

  ;; [x(w), x(w + stride)]: one element of two rows.
  (func $pair (param $w i32) (param $stride i32) (result v128)
    (f64x2.replace_lane 1 (v128.load64_splat (local.get $w))
      (f64.load (i32.add (local.get $w) (local.get $stride)))))

  ;; trsm_rows: solves M X = B by substitution, M[i,j] at l + i*mis + j*mjs, lower
  ;; (forward, rows i = 0..n-1) when $lower, else upper (backward); B at b and X at o are
  ;; row-major n x k. Row i of X is v = B[i,:], then v -= M[i,j] * X[j,:] for j in order,
  ;; then v / M[i,i]: per element the order of the scalar loop. 8 columns per sweep, then 2, then 1.
  (func (export "trsm_rows")
    (param $l i32) (param $mis i32) (param $mjs i32) (param $lower i32)
    (param $b i32) (param $o i32) (param $n i32) (param $k i32)
    (local $s i32) (local $i i32) (local $j i32) (local $to i32) (local $c i32) (local $rs i32)
    (local $r i32) (local $w i32) (local $x i32) (local $bi i32)
    (local $mv v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $v f64)
    (local.set $rs (i32.shl (local.get $k) (i32.const 3)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $s) (local.get $n)))
        (local.set $i (select (local.get $s) (i32.sub (i32.sub (local.get $n) (i32.const 1)) (local.get $s))
          (local.get $lower)))
        (local.set $r (i32.add (local.get $l) (i32.mul (local.get $i) (local.get $mis))))
        (local.set $w (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $rs))))
        (local.set $bi (i32.add (local.get $b) (i32.mul (local.get $i) (local.get $rs))))
        (local.set $to (select (local.get $i) (local.get $n) (local.get $lower)))
        (local.set $c (i32.const 0))
        (block $c8_done
          (loop $c8
            (br_if $c8_done (i32.gt_u (i32.add (local.get $c) (i32.const 8)) (local.get $k)))
            (local.set $s0 (v128.load (local.get $bi)))
            (local.set $s1 (v128.load offset=16 (local.get $bi)))
            (local.set $s2 (v128.load offset=32 (local.get $bi)))
            (local.set $s3 (v128.load offset=48 (local.get $bi)))
            (local.set $j (select (i32.const 0) (i32.add (local.get $i) (i32.const 1)) (local.get $lower)))
            (block $j8_done
              (loop $j8
                (br_if $j8_done (i32.ge_u (local.get $j) (local.get $to)))
                (local.set $mv (v128.load64_splat
                  (i32.add (local.get $r) (i32.mul (local.get $j) (local.get $mjs)))))
                (local.set $x (i32.add (i32.add (local.get $o) (i32.mul (local.get $j) (local.get $rs)))
                  (i32.shl (local.get $c) (i32.const 3))))
                (local.set $s0 (f64x2.sub (local.get $s0) (f64x2.mul (local.get $mv) (v128.load (local.get $x)))))
                (local.set $s1 (f64x2.sub (local.get $s1) (f64x2.mul (local.get $mv) (v128.load offset=16 (local.get $x)))))
                (local.set $s2 (f64x2.sub (local.get $s2) (f64x2.mul (local.get $mv) (v128.load offset=32 (local.get $x)))))
                (local.set $s3 (f64x2.sub (local.get $s3) (f64x2.mul (local.get $mv) (v128.load offset=48 (local.get $x)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $j8)))
            (local.set $mv (v128.load64_splat
              (i32.add (local.get $r) (i32.mul (local.get $i) (local.get $mjs)))))
            (v128.store (local.get $w) (f64x2.div (local.get $s0) (local.get $mv)))
            (v128.store offset=16 (local.get $w) (f64x2.div (local.get $s1) (local.get $mv)))
            (v128.store offset=32 (local.get $w) (f64x2.div (local.get $s2) (local.get $mv)))
            (v128.store offset=48 (local.get $w) (f64x2.div (local.get $s3) (local.get $mv)))
            (local.set $bi (i32.add (local.get $bi) (i32.const 64)))
            (local.set $w (i32.add (local.get $w) (i32.const 64)))
            (local.set $c (i32.add (local.get $c) (i32.const 8)))
            (br $c8)))
        (block $c2_done
          (loop $c2
            (br_if $c2_done (i32.gt_u (i32.add (local.get $c) (i32.const 2)) (local.get $k)))
            (local.set $s0 (v128.load (local.get $bi)))
            (local.set $j (select (i32.const 0) (i32.add (local.get $i) (i32.const 1)) (local.get $lower)))
            (block $j2_done
              (loop $j2
                (br_if $j2_done (i32.ge_u (local.get $j) (local.get $to)))
                (local.set $s0 (f64x2.sub (local.get $s0)
                  (f64x2.mul
                    (v128.load64_splat (i32.add (local.get $r) (i32.mul (local.get $j) (local.get $mjs))))
                    (v128.load (i32.add (i32.add (local.get $o) (i32.mul (local.get $j) (local.get $rs)))
                      (i32.shl (local.get $c) (i32.const 3)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $j2)))
            (v128.store (local.get $w) (f64x2.div (local.get $s0)
              (v128.load64_splat (i32.add (local.get $r) (i32.mul (local.get $i) (local.get $mjs))))))
            (local.set $bi (i32.add (local.get $bi) (i32.const 16)))
            (local.set $w (i32.add (local.get $w) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $c2)))
        (if (i32.lt_u (local.get $c) (local.get $k))
          (then
            (local.set $v (f64.load (local.get $bi)))
            (local.set $j (select (i32.const 0) (i32.add (local.get $i) (i32.const 1)) (local.get $lower)))
            (block $j1_done
              (loop $j1
                (br_if $j1_done (i32.ge_u (local.get $j) (local.get $to)))
                (local.set $v (f64.sub (local.get $v)
                  (f64.mul
                    (f64.load (i32.add (local.get $r) (i32.mul (local.get $j) (local.get $mjs))))
                    (f64.load (i32.add (i32.add (local.get $o) (i32.mul (local.get $j) (local.get $rs)))
                      (i32.shl (local.get $c) (i32.const 3)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $j1)))
            (f64.store (local.get $w) (f64.div (local.get $v)
              (f64.load (i32.add (local.get $r) (i32.mul (local.get $i) (local.get $mjs))))))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $rows))))

  ;; chol: the lower Cholesky factor L of (A + Aᵀ)/2, A n x n row-major at a, L at o
  ;; (upper triangle zeroed). Column by column (left-looking): L[i,j] = (sym(A)[i,j] -
  ;; sum_{p<j} L[i,p] L[j,p]) / L[j,j], subtracting over p in order, four rows i per vector
  ;; pair as in gemm_dots, so each element matches the row-by-row scalar loop bit for bit.
  ;; Returns -1, or the first pivot j that is not positive (its value stored at o + 8n²).
  (func (export "chol") (param $a i32) (param $o i32) (param $n i32) (result i32)
    (local $j i32) (local $i i32) (local $q i32) (local $end i32) (local $rs i32)
    (local $rj i32) (local $r0 i32) (local $r2 i32) (local $s f64) (local $d v128)
    (local $x v128) (local $y v128) (local $b0 v128) (local $b1 v128) (local $s0 v128) (local $s1 v128)
    (local.set $rs (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $cols
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $rj (i32.add (local.get $o) (i32.mul (local.get $j) (local.get $rs))))
        ;; the pivot
        (local.set $s (f64.mul (f64.const 0.5)
          (f64.add (call $at (local.get $a) (local.get $rs) (local.get $j) (local.get $j))
                   (call $at (local.get $a) (local.get $rs) (local.get $j) (local.get $j)))))
        (local.set $q (i32.const 0))
        (local.set $end (i32.shl (local.get $j) (i32.const 3)))
        (block $pd
          (loop $pl
            (br_if $pd (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $s (f64.sub (local.get $s)
              (f64.mul (f64.load (i32.add (local.get $rj) (local.get $q)))
                       (f64.load (i32.add (local.get $rj) (local.get $q))))))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $pl)))
        (if (i32.eqz (f64.gt (local.get $s) (f64.const 0)))
          (then
            (f64.store (i32.add (local.get $o) (i32.mul (local.get $rs) (local.get $n))) (local.get $s))
            (return (local.get $j))))
        (f64.store (i32.add (local.get $rj) (local.get $end)) (f64.sqrt (local.get $s)))
        (local.set $d (v128.load64_splat (i32.add (local.get $rj) (local.get $end))))
        ;; zeros right of the diagonal in row j
        (local.set $q (i32.add (local.get $end) (i32.const 8)))
        (block $zd
          (loop $zl
            (br_if $zd (i32.ge_u (local.get $q) (local.get $rs)))
            (f64.store (i32.add (local.get $rj) (local.get $q)) (f64.const 0))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $zl)))
        (local.set $end (i32.shl (i32.and (local.get $j) (i32.const -2)) (i32.const 3)))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        ;; rows i..i+3 below the pivot
        (block $r4d
          (loop $r4
            (br_if $r4d (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
            (local.set $r0 (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $rs))))
            (local.set $r2 (i32.add (local.get $r0) (i32.shl (local.get $rs) (i32.const 1))))
            (local.set $s0 (f64x2.replace_lane 1
              (f64x2.splat (call $sym (local.get $a) (local.get $rs) (local.get $i) (local.get $j)))
              (call $sym (local.get $a) (local.get $rs) (i32.add (local.get $i) (i32.const 1)) (local.get $j))))
            (local.set $s1 (f64x2.replace_lane 1
              (f64x2.splat (call $sym (local.get $a) (local.get $rs) (i32.add (local.get $i) (i32.const 2)) (local.get $j)))
              (call $sym (local.get $a) (local.get $rs) (i32.add (local.get $i) (i32.const 3)) (local.get $j))))
            (local.set $q (i32.const 0))
            (block $qd
              (loop $ql
                (br_if $qd (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $b0 (v128.load64_splat (i32.add (local.get $rj) (local.get $q))))
                (local.set $b1 (v128.load64_splat offset=8 (i32.add (local.get $rj) (local.get $q))))
                (local.set $x (v128.load (i32.add (local.get $r0) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r0) (local.get $rs)) (local.get $q))))
                (local.set $s0 (f64x2.sub
                  (f64x2.sub (local.get $s0) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $b0)))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $b1))))
                (local.set $x (v128.load (i32.add (local.get $r2) (local.get $q))))
                (local.set $y (v128.load (i32.add (i32.add (local.get $r2) (local.get $rs)) (local.get $q))))
                (local.set $s1 (f64x2.sub
                  (f64x2.sub (local.get $s1) (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $y)) (local.get $b0)))
                  (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $y)) (local.get $b1))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (br $ql)))
            (if (i32.and (local.get $j) (i32.const 1))
              (then
                (local.set $b0 (v128.load64_splat (i32.add (local.get $rj) (local.get $q))))
                (local.set $s0 (f64x2.sub (local.get $s0)
                  (f64x2.mul (call $pair (i32.add (local.get $r0) (local.get $q)) (local.get $rs)) (local.get $b0))))
                (local.set $s1 (f64x2.sub (local.get $s1)
                  (f64x2.mul (call $pair (i32.add (local.get $r2) (local.get $q)) (local.get $rs)) (local.get $b0))))))
            (local.set $q (i32.shl (local.get $j) (i32.const 3)))
            (call $store2 (i32.add (local.get $r0) (local.get $q)) (local.get $rs) (f64x2.div (local.get $s0) (local.get $d)))
            (call $store2 (i32.add (local.get $r2) (local.get $q)) (local.get $rs) (f64x2.div (local.get $s1) (local.get $d)))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $r4)))
        ;; the remaining rows, one at a time
        (block $r1d
          (loop $r1
            (br_if $r1d (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $r0 (i32.add (local.get $o) (i32.mul (local.get $i) (local.get $rs))))
            (local.set $s (call $sym (local.get $a) (local.get $rs) (local.get $i) (local.get $j)))
            (local.set $q (i32.const 0))
            (local.set $end (i32.shl (local.get $j) (i32.const 3)))
            (block $sd
              (loop $sl
                (br_if $sd (i32.ge_u (local.get $q) (local.get $end)))
                (local.set $s (f64.sub (local.get $s)
                  (f64.mul (f64.load (i32.add (local.get $r0) (local.get $q)))
                           (f64.load (i32.add (local.get $rj) (local.get $q))))))
                (local.set $q (i32.add (local.get $q) (i32.const 8)))
                (br $sl)))
            (f64.store (i32.add (local.get $r0) (local.get $end))
              (f64.div (local.get $s) (f64x2.extract_lane 0 (local.get $d))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $r1)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols)))
    (i32.const -1))

  ;; A[i,j] of the row-major matrix at a with row stride rs bytes.
  (func $at (param $a i32) (param $rs i32) (param $i i32) (param $j i32) (result f64)
    (f64.load (i32.add (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rs)))
      (i32.shl (local.get $j) (i32.const 3)))))

  ;; (A[i,j] + A[j,i]) / 2, as 0.5 * (A[i,j] + A[j,i]).
  (func $sym (param $a i32) (param $rs i32) (param $i i32) (param $j i32) (result f64)
    (f64.mul (f64.const 0.5)
      (f64.add (call $at (local.get $a) (local.get $rs) (local.get $i) (local.get $j))
               (call $at (local.get $a) (local.get $rs) (local.get $j) (local.get $i)))))
)
