package io.graft.notebooks;

import io.graft.*;

/** The README's device example (NotebooksTest runs it where an OpenCL device exists and checks the README shows it). */
public class DeviceExample {
  public static void main(String[] args) {
    Device gpu = Graft.devices().getLast();                     // the CPU comes first, OpenCL devices after it
    Array x = Graft.devicePut(Np.linspace(-1, 1, 1 << 20), gpu);
    Array y = Graft.jit((Array a) -> a.tanh().mul(a.exp()).sum()).apply(x);   // one fused kernel, run on gpu
    System.out.println(gpu + ": " + y + " on " + y.device());
  }
}
