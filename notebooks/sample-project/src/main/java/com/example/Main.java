package com.example;

import io.graft.Array;
import io.graft.ArrayFn;
import io.graft.Graft;

public class Main {
  public static void main(String[] args) {
    ArrayFn f = x -> x.mul(x).sum();                      // f(x) = Σ x²
    Array x = Array.of(new float[] {1, 2, 3});
    System.out.println("f(x)      = " + f.apply(x));
    System.out.println("grad f(x) = " + Graft.grad(f).apply(x));   // 2x
    System.out.println("jit f(x)  = " + Graft.jit(f).apply(x));
  }
}
