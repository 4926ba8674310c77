package io.graft.jit.cpu;

import io.graft.numerics.kernels.VectorMath;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ArrayLoadInstruction;
import java.lang.classfile.instruction.CharacterRange;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LineNumber;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LocalVariable;
import java.lang.classfile.instruction.LocalVariableType;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies the bytecode of {@code VectorMath}'s straight-line methods into a method being generated, so that a fused
 * loop holds its transcendentals' polynomials itself: a call {@code f(a, b)} becomes stores of {@code a, b} into fresh
 * locals followed by {@code f}'s instructions with their locals renumbered and the final return dropped; calls to
 * other methods of {@code VectorMath}'s package are inlined the same way, recursively. The copied instructions are
 * those javac wrote, so the inlined code computes the same bits as the call.
 *
 * <p>Why: C2 inlines ordinary methods into a compilation only while the inlined bytecode stays under its size
 * cutoffs, and a Vector API value that crosses a call left out of line is boxed (a loop body with {@code tanh} and
 * {@code exp} kept {@code exp} out of line and ran several times slower than the two separately). The Vector API's
 * own methods are force-inlined past those cutoffs; after this copy they are the only calls left in the loop, so
 * the whole body compiles to registers.
 *
 * <p>Only methods made of loads, stores, constants, arithmetic, conversions, stack operations, casts, static field
 * reads outside the math package and calls (straight-line: no branch, switch, throw or handler) are copied; any
 * other call stays a plain {@code invokestatic} (for example {@code VectorMath.sin}, whose range reduction
 * branches). Class files are parsed once per instance (one instance per generated kernel).
 */
final class MathInliner {
  private static final String PACKAGE = VectorMath.class.getPackageName();
  private final Map<ClassDesc, ClassModel> classes = new HashMap<>();

  /** Emits {@code owner.name(args on the stack)} inline where {@link #inlinable} allows, else as a call. */
  void invokeStatic(CodeBuilder code, ClassDesc owner, String name, MethodTypeDesc type) {
    Optional<CodeModel> body = inlinable(owner, name, type);
    if (body.isEmpty()) {
      code.invokestatic(owner, name, type);
      return;
    }
    Map<Integer, Integer> locals = new HashMap<>();
    List<ClassDesc> params = type.parameterList();
    int[] slot = new int[params.size()];
    for (int p = 0, s = 0; p < params.size(); p++) {
      slot[p] = s;
      s += TypeKind.from(params.get(p)).slotSize();
    }
    for (int p = params.size() - 1; p >= 0; p--) {
      TypeKind kind = TypeKind.from(params.get(p));
      code.storeLocal(kind, local(code, locals, slot[p], kind));
    }
    for (CodeElement e : body.get()) {
      switch (e) {
        case LoadInstruction l -> code.loadLocal(l.typeKind(), local(code, locals, l.slot(), l.typeKind()));
        case StoreInstruction s -> code.storeLocal(s.typeKind(), local(code, locals, s.slot(), s.typeKind()));
        case IncrementInstruction i -> code.iinc(local(code, locals, i.slot(), TypeKind.INT), i.constant());
        case InvokeInstruction i when i.owner().asSymbol().packageName().equals(PACKAGE) ->
            invokeStatic(code, i.owner().asSymbol(), i.name().stringValue(), i.typeSymbol());
        case ReturnInstruction r -> { }   // the last instruction (inlinable() checked): its value stays on the stack
        case LineNumber n -> { }
        case LocalVariable v -> { }
        case LocalVariableType v -> { }
        case CharacterRange c -> { }
        case LabelTarget t -> { }          // bound only for the debug tables dropped above (no branches here)
        default -> code.with(e);
      }
    }
  }

  /** A caller local for the callee's {@code slot} holding a {@code kind} value (made on first use). */
  private static int local(CodeBuilder code, Map<Integer, Integer> locals, int slot, TypeKind kind) {
    return locals.computeIfAbsent(slot * 16 + kind.ordinal(), key -> code.allocateLocal(kind));
  }

  /**
   * The body of static method {@code owner.name type} if it can be copied: {@code owner} is in {@code VectorMath}'s
   * package, the code is straight-line from the instruction kinds above ending in its only return, and every call
   * into that package is itself inlinable (those may be private, so they cannot stay calls).
   */
  Optional<CodeModel> inlinable(ClassDesc owner, String name, MethodTypeDesc type) {
    if (!owner.packageName().equals(PACKAGE)) return Optional.empty();
    Optional<CodeModel> code = classModel(owner).methods().stream()
        .filter(m -> m.methodName().equalsString(name) && m.methodTypeSymbol().equals(type))
        .filter(m -> m.flags().has(java.lang.reflect.AccessFlag.STATIC))
        .findFirst().flatMap(MethodModel::code);
    if (code.isEmpty()) return code;
    List<CodeElement> elements = code.get().elementList();
    int returns = 0;
    boolean last = true;
    for (int i = elements.size() - 1; i >= 0; i--) {
      CodeElement e = elements.get(i);
      boolean ok = switch (e) {
        case ReturnInstruction r -> last && returns++ == 0 && r.opcode() != Opcode.RETURN;
        case LoadInstruction l -> true;
        case StoreInstruction s -> true;
        case IncrementInstruction n -> true;
        case ConstantInstruction c -> true;
        case OperatorInstruction o -> true;
        case ConvertInstruction c -> true;
        case StackInstruction s -> true;
        case TypeCheckInstruction t -> true;
        case ArrayLoadInstruction a -> true;
        case FieldInstruction f -> f.opcode() == Opcode.GETSTATIC && !f.owner().asSymbol().packageName().equals(PACKAGE);
        case InvokeInstruction v -> !v.owner().asSymbol().packageName().equals(PACKAGE)
            || v.opcode() == Opcode.INVOKESTATIC && inlinable(v.owner().asSymbol(), v.name().stringValue(), v.typeSymbol()).isPresent();
        case LineNumber n -> true;
        case LocalVariable v -> true;
        case LocalVariableType v -> true;
        case CharacterRange c -> true;
        case LabelTarget t -> true;
        default -> false;   // branches, switches, throws, handlers, allocations, monitors
      };
      if (!ok) return Optional.empty();
      if (e instanceof java.lang.classfile.Instruction) last = false;
    }
    return returns == 1 ? code : Optional.empty();
  }

  private ClassModel classModel(ClassDesc owner) {
    return classes.computeIfAbsent(owner, c -> {
      String file = c.displayName() + ".class";
      try (InputStream in = VectorMath.class.getResourceAsStream(file)) {
        if (in == null) throw new IllegalStateException("fused kernel: class file " + file + " of " + PACKAGE + " not found");
        return ClassFile.of().parse(in.readAllBytes());
      } catch (IOException e) {
        throw new IllegalStateException("fused kernel: cannot read the class file " + file + " of " + PACKAGE, e);
      }
    });
  }
}
