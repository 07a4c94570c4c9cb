//! MIR → Cranelift IR → machine code in memory.
//!
//! Each MIR local is a Cranelift variable (`I64` words, `F64` floats, `I8` bools). Int arithmetic
//! is inline with an explicit overflow or zero check whose slow path calls the runtime for the
//! exact exception (never a trap). After every statement that can raise, the code loads the
//! thread's error flag and branches to the function's exit on error. One exit block per function
//! releases the owned handle locals and returns (a zero value when unwinding).

use crate::glue;
use crate::heap;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{
    types, AbiParam, Block, BlockArg, FuncRef, InstBuilder, MemFlagsData, Signature, Type, Value,
};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module};
use roast::mir::{self, BinOp, CmpOp, Const, Operand, RtOp, Rvalue, StmtKind, Terminator, UnOp};
use roast::types::Ty;
use std::collections::HashMap;

/// A compiled program: the module owning the code, the globals' storage, the entry point.
pub struct Compiled {
    /// Owns the machine code: it must outlive every call of `entry`.
    _module: JITModule,
    /// The globals' words (written only by JIT code).
    _globals: Vec<u64>,
    pub entry: *const u8,
}

fn clif_type(ty: &Ty) -> Type {
    match ty {
        Ty::Float => types::F64,
        Ty::Bool => types::I8,
        _ => types::I64,
    }
}

/// The glue entry point for a runtime operation with `tys` type arguments and `nargs` operands,
/// and a leading constant argument if it takes one.
fn glue_for(op: RtOp, ntys: usize, nargs: usize) -> (&'static str, *const u8, Option<i64>) {
    use glue::*;
    macro_rules! g {
        ($f:ident) => {
            (stringify!($f), $f as *const u8, None)
        };
    }
    match op {
        RtOp::IntPow => g!(jit_pow_int),
        RtOp::IntPowFloat => g!(jit_pow_int_float),
        RtOp::IntShl => g!(jit_shl),
        RtOp::IntShr => g!(jit_shr),
        RtOp::IntTrueDiv => g!(jit_int_true_div),
        RtOp::FloatFloorDiv => g!(jit_floordiv_f64),
        RtOp::FloatMod => g!(jit_mod_f64),
        RtOp::FloatPow => g!(jit_pow_float),
        RtOp::AbsInt => g!(jit_abs_int),
        RtOp::IntFromFloat => g!(jit_int_from_float),
        RtOp::RoundFloat => g!(jit_round_float),
        RtOp::WriteValue => g!(jit_write_value),
        RtOp::WriteStr => g!(jit_write_str),
        RtOp::WriteItems => g!(jit_write_items),
        RtOp::ToStr => g!(jit_to_str),
        RtOp::ToRepr => g!(jit_to_repr),
        RtOp::Format => g!(jit_format),
        RtOp::StrConcat => g!(jit_str_concat),
        RtOp::StrRepeat => g!(jit_str_repeat),
        RtOp::StrAppend => g!(jit_str_append),
        RtOp::StrCmp(c) => ("jit_str_cmp", jit_str_cmp as *const u8, Some(cmp_code(c))),
        RtOp::ValueCmp(c) => (
            "jit_value_cmp",
            jit_value_cmp as *const u8,
            Some(cmp_code(c)),
        ),
        RtOp::TupleNew => g!(jit_tuple_new),
        RtOp::ExcMatches => match nargs {
            0 => g!(jit_exc_matches0),
            1 => g!(jit_exc_matches1),
            2 => g!(jit_exc_matches2),
            _ => g!(jit_exc_matches3),
        },
        RtOp::ExcTake => g!(jit_exc_take),
        RtOp::ExcRaise => g!(jit_exc_raise),
        RtOp::ExcNew => g!(jit_exc_new),
        RtOp::ObjNew => g!(jit_obj_new),
        RtOp::ObjSet => g!(jit_obj_set),
        RtOp::TuplePush => g!(jit_tuple_push),
        RtOp::TupleGet => g!(jit_tuple_get),
        RtOp::Sorted => g!(jit_sorted),
        RtOp::SortInPlace => g!(jit_sort_in_place),
        RtOp::ListMinMax(true) => g!(jit_list_min),
        RtOp::ListMinMax(false) => g!(jit_list_max),
        RtOp::SortedByKey => g!(jit_sorted_by_key),
        RtOp::SortByKeyInPlace => g!(jit_sort_by_key_in_place),
        RtOp::ListMinMaxByKey(true) => g!(jit_list_min_by_key),
        RtOp::ListMinMaxByKey(false) => g!(jit_list_max_by_key),
        RtOp::StrLen => g!(jit_str_len),
        RtOp::StrIndex => g!(jit_str_index),
        RtOp::StrContains => g!(jit_str_contains),
        RtOp::StrCharAt => g!(jit_str_char_at),
        RtOp::IntFromStr => g!(jit_int_from_str),
        RtOp::FloatFromStr => g!(jit_float_from_str),
        RtOp::StrJoinParts => g!(jit_str_join_parts),
        RtOp::ListNew => g!(jit_list_new),
        RtOp::ListPush => g!(jit_list_push),
        RtOp::ListRepeat => g!(jit_list_repeat),
        RtOp::ListLen => g!(jit_list_len),
        RtOp::ListGet => g!(jit_list_get),
        RtOp::ListSet => g!(jit_list_set),
        RtOp::ListGetUnchecked => g!(jit_list_get_unchecked),
        RtOp::ListPop => g!(jit_list_pop),
        RtOp::ListPopAt => g!(jit_list_pop_at),
        RtOp::ListInsert => g!(jit_list_insert),
        RtOp::ListDel => g!(jit_list_del),
        RtOp::ListExtend => g!(jit_list_extend),
        RtOp::ListIndex => g!(jit_list_index),
        RtOp::ListCount => g!(jit_list_count),
        RtOp::ListRemove => g!(jit_list_remove),
        RtOp::ListReverse => g!(jit_list_reverse),
        RtOp::ListClear => g!(jit_list_clear),
        RtOp::ListConcat => g!(jit_list_concat),
        RtOp::ListContains => g!(jit_list_contains),
        RtOp::ListEq => g!(jit_list_eq),
        RtOp::SysArgv => g!(jit_sys_argv),
        RtOp::Raise => g!(jit_raise),
        RtOp::Exit => g!(jit_exit),
        RtOp::Truthy => g!(jit_truthy),
        RtOp::Named(ns, _) => {
            let code = Some(crate::named::ns_code(ns));
            match ntys {
                0 | 1 => ("jit_named0", jit_named0 as *const u8, code),
                2 => ("jit_named1", jit_named1 as *const u8, code),
                3 => ("jit_named2", jit_named2 as *const u8, code),
                4 => ("jit_named3", jit_named3 as *const u8, code),
                _ => ("jit_named4", jit_named4 as *const u8, code),
            }
        }
        RtOp::Coll(c) => {
            let code = Some(c.code());
            match nargs {
                0 => ("jit_coll0", jit_coll0 as *const u8, code),
                1 => ("jit_coll1", jit_coll1 as *const u8, code),
                2 => ("jit_coll2", jit_coll2 as *const u8, code),
                _ => ("jit_coll3", jit_coll3 as *const u8, code),
            }
        }
        RtOp::SliceAssign => g!(jit_slice_assign),
        RtOp::SliceDel => g!(jit_slice_assign),
        RtOp::Slice if ntys == 0 => g!(jit_slice_str),
        RtOp::Slice => g!(jit_slice_list),
    }
}

/// Glue entry points the code calls directly (not through an `RtOp`).
fn helpers() -> Vec<(&'static str, *const u8)> {
    use glue::*;
    vec![
        ("jit_incref", jit_incref as *const u8),
        ("jit_decref", jit_decref as *const u8),
        ("jit_int_add", jit_int_add as *const u8),
        ("jit_int_sub", jit_int_sub as *const u8),
        ("jit_int_mul", jit_int_mul as *const u8),
        ("jit_int_neg", jit_int_neg as *const u8),
        ("jit_floordiv", jit_floordiv as *const u8),
        ("jit_modulo", jit_modulo as *const u8),
        ("jit_true_div", jit_true_div as *const u8),
        ("jit_sqrt", jit_sqrt as *const u8),
        ("jit_recursion_deep", jit_recursion_deep as *const u8),
    ]
}

/// Compiles the program on the current thread (the one that will run it: the code embeds this
/// thread's error-flag address and literal handles).
pub fn compile(program: &mir::Program) -> Result<Compiled, String> {
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| e.to_string());
    set(&mut flags, "opt_level", "speed")?;
    set(&mut flags, "use_colocated_libcalls", "false")?;
    set(&mut flags, "is_pic", "false")?;
    let isa = cranelift_native::builder()
        .map_err(|e| format!("host machine is not supported: {e}"))?
        .finish(settings::Flags::new(flags))
        .map_err(|e| e.to_string())?;
    glue::register_classes(&program.classes, &program.exceptions);
    let mut jb = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
    let mut rt_ops: Vec<(RtOp, usize, usize)> = Vec::new();
    for f in &program.functions {
        for b in &f.blocks {
            for s in &b.stmts {
                let r = match &s.kind {
                    StmtKind::Assign { value, .. } | StmtKind::Eval(value) => value,
                    _ => continue,
                };
                if let Rvalue::Runtime { op, tys, args } = r {
                    rt_ops.push((*op, tys.len(), args.len()));
                }
            }
        }
    }
    for (op, ntys, nargs) in &rt_ops {
        let (name, ptr, _) = glue_for(*op, *ntys, *nargs);
        jb.symbol(name, ptr);
    }
    for (name, ptr) in helpers() {
        jb.symbol(name, ptr);
    }
    let mut module = JITModule::new(jb);
    let mut globals = vec![0u64; program.globals.len().max(1)];
    let globals_addr = globals.as_mut_ptr() as i64;

    let call_conv = module.isa().default_call_conv();
    let mut ids = Vec::new();
    for (i, f) in program.functions.iter().enumerate() {
        let mut sig = Signature::new(call_conv);
        for l in &f.locals[..f.params as usize] {
            sig.params.push(AbiParam::new(clif_type(&l.ty)));
        }
        sig.returns.push(AbiParam::new(clif_type(&f.ret)));
        let id = module
            .declare_function(&format!("f{i}_{}", f.name), Linkage::Local, &sig)
            .map_err(|e| e.to_string())?;
        ids.push((id, sig));
    }
    let mut ctx = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let flag_addr = glue::flag_address() as i64;
    let depth_addrs = roast_runtime::recursion::counter_addresses();
    let depth_addrs = (depth_addrs.0 as i64, depth_addrs.1 as i64);
    let frontend = module.target_config();
    for (i, f) in program.functions.iter().enumerate() {
        ctx.func.signature = ids[i].1.clone();
        let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
        let mut cg = FnGen {
            module: &mut module,
            b: &mut b,
            program,
            f,
            ids: &ids,
            vars: Vec::new(),
            blocks: Vec::new(),
            exit: Block::from_u32(0),
            unwind_to: None,
            imports: HashMap::new(),
            funcs: HashMap::new(),
            flag_addr,
            depth_addrs,
            globals_addr,
        };
        cg.function()?;
        b.finalize(frontend);
        module
            .define_function(ids[i].0, &mut ctx)
            .map_err(|e| format!("{}: {e:?}", f.name))?;
        module.clear_context(&mut ctx);
    }
    module.finalize_definitions().map_err(|e| e.to_string())?;
    let entry = module.get_finalized_function(ids[program.entry.0 as usize].0);
    Ok(Compiled {
        _module: module,
        _globals: globals,
        entry,
    })
}

struct FnGen<'a, 'b> {
    module: &'a mut JITModule,
    b: &'a mut FunctionBuilder<'b>,
    program: &'a mir::Program,
    f: &'a mir::Function,
    ids: &'a [(FuncId, Signature)],
    vars: Vec<Variable>,
    blocks: Vec<Block>,
    exit: Block,
    /// Where a pending exception goes from the block being emitted (an `except` dispatch).
    unwind_to: Option<Block>,
    imports: HashMap<&'static str, FuncRef>,
    funcs: HashMap<u32, FuncRef>,
    flag_addr: i64,
    /// This thread's recursion depth and slow-path threshold (`u32`s).
    depth_addrs: (i64, i64),
    globals_addr: i64,
}

impl FnGen<'_, '_> {
    fn ty(&self, l: mir::Local) -> &Ty {
        &self.f.locals[l.0 as usize].ty
    }

    fn ret_type(&self) -> Type {
        clif_type(&self.f.ret)
    }

    fn zero(&mut self, t: Type) -> Value {
        if t == types::F64 {
            self.b.ins().f64const(0.0)
        } else {
            self.b.ins().iconst(t, 0)
        }
    }

    fn function(&mut self) -> Result<(), String> {
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        for l in &self.f.locals {
            let v = self.b.declare_var(clif_type(&l.ty));
            self.vars.push(v);
        }
        let params: Vec<Value> = self.b.block_params(entry).to_vec();
        for (i, l) in self.f.locals.iter().enumerate() {
            let v = match params.get(i) {
                Some(p) if i < self.f.params as usize => *p,
                _ => self.zero(clif_type(&l.ty)),
            };
            self.b.def_var(self.vars[i], v);
        }
        self.blocks = (0..self.f.blocks.len())
            .map(|_| self.b.create_block())
            .collect();
        self.exit = self.b.create_block();
        let rt = self.ret_type();
        self.b.append_block_param(self.exit, rt);
        let saved_depth = (self.f.depth_cost > 0).then(|| self.enter_recursion());
        self.b.ins().jump(self.blocks[0], &[]);
        for (i, block) in self.f.blocks.iter().enumerate() {
            self.b.switch_to_block(self.blocks[i]);
            self.unwind_to = block.unwind.map(|u| self.blocks[u.0 as usize]);
            for s in &block.stmts {
                self.stmt(&s.kind)?;
                if s.can_raise {
                    self.check();
                }
            }
            self.terminator(&block.term);
        }
        // The exit: release every owned handle local, then return.
        self.b.switch_to_block(self.exit);
        let ret = self.b.block_params(self.exit)[0];
        if let Some(saved) = saved_depth {
            // Give the frame back (the entry counted it even when it raised).
            let addr = self.b.ins().iconst(types::I64, self.depth_addrs.0);
            let outer = self.b.use_var(saved);
            self.b.ins().store(MemFlagsData::trusted(), outer, addr, 0);
        }
        for (i, l) in self.f.locals.iter().enumerate() {
            let local = mir::Local(i as u32);
            let borrowed = i < self.f.params as usize && !self.f.owned_params.contains(&local);
            if l.ty.is_handle() && !borrowed {
                let v = self.b.use_var(self.vars[i]);
                self.helper("jit_decref", &[v]);
            }
        }
        self.b.ins().return_(&[ret]);
        self.b.seal_all_blocks();
        Ok(())
    }

    /// A counted function's entry (`rt::enter_recursion` inline): the depth goes up by the
    /// function's cost (two for an `__init__`), the depth before is kept for the exit; past the
    /// threshold, the runtime's slow path may raise `RecursionError` (then the exit restores the
    /// depth, as after a normal return).
    fn enter_recursion(&mut self) -> Variable {
        let flags = MemFlagsData::trusted();
        let addr = self.b.ins().iconst(types::I64, self.depth_addrs.0);
        let outer = self.b.ins().load(types::I32, flags, addr, 0);
        let saved = self.b.declare_var(types::I32);
        self.b.def_var(saved, outer);
        let d = self.b.ins().iadd_imm_s(outer, i64::from(self.f.depth_cost));
        self.b.ins().store(flags, d, addr, 0);
        let at = self.b.ins().iconst(types::I64, self.depth_addrs.1);
        let limit = self.b.ins().load(types::I32, flags, at, 0);
        let deep = self.b.ins().icmp(IntCC::UnsignedGreaterThan, d, limit);
        let (slow, cont) = (self.b.create_block(), self.b.create_block());
        self.b.set_cold_block(slow);
        self.b.ins().brif(deep, slow, &[], cont, &[]);
        self.b.switch_to_block(slow);
        self.helper("jit_recursion_deep", &[]);
        self.check();
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
        saved
    }

    /// Branches to the exit when an exception is pending.
    fn check(&mut self) {
        let addr = self.b.ins().iconst(types::I64, self.flag_addr);
        let flag = self
            .b
            .ins()
            .load(types::I8, MemFlagsData::trusted(), addr, 0);
        let cont = self.b.create_block();
        let unwind = self.b.create_block();
        self.b.set_cold_block(unwind);
        self.b.ins().brif(flag, unwind, &[], cont, &[]);
        self.b.switch_to_block(unwind);
        self.unwind();
        self.b.switch_to_block(cont);
    }

    fn unwind(&mut self) {
        if let Some(target) = self.unwind_to {
            self.b.ins().jump(target, &[]);
            return;
        }
        let z = self.zero(self.ret_type());
        self.b.ins().jump(self.exit, &[BlockArg::Value(z)]);
    }

    fn import(&mut self, name: &'static str, nargs: usize) -> FuncRef {
        if let Some(r) = self.imports.get(name) {
            return *r;
        }
        let mut sig = self.module.make_signature();
        for _ in 0..nargs {
            sig.params.push(AbiParam::new(types::I64));
        }
        sig.returns.push(AbiParam::new(types::I64));
        let r = match self.module.declare_function(name, Linkage::Import, &sig) {
            Ok(id) => self.module.declare_func_in_func(id, self.b.func),
            Err(e) => panic!("internal error: cannot declare {name}: {e}"),
        };
        self.imports.insert(name, r);
        r
    }

    fn helper(&mut self, name: &'static str, args: &[Value]) -> Value {
        let r = self.import(name, args.len());
        let call = self.b.ins().call(r, args);
        self.b.inst_results(call)[0]
    }

    fn operand(&mut self, o: &Operand) -> Value {
        match o {
            Operand::Copy(l) => self.b.use_var(self.vars[l.0 as usize]),
            Operand::Const(c) => match c {
                Const::Int(n) => self.b.ins().iconst(types::I64, *n),
                Const::Float(x) => self.b.ins().f64const(*x),
                Const::Bool(v) => self.b.ins().iconst(types::I8, i64::from(*v)),
                Const::None => self.b.ins().iconst(types::I64, 0),
                Const::Str(s) => {
                    let h = heap::with(|h| h.intern(s));
                    self.b.ins().iconst(types::I64, h as i64)
                }
            },
        }
    }

    /// A value as a 64-bit word for the glue.
    fn to_word(&mut self, v: Value) -> Value {
        match self.b.func.dfg.value_type(v) {
            types::F64 => self.b.ins().bitcast(types::I64, MemFlagsData::new(), v),
            types::I8 => self.b.ins().uextend(types::I64, v),
            _ => v,
        }
    }

    fn from_word(&mut self, w: Value, t: Type) -> Value {
        match t {
            types::F64 => self.b.ins().bitcast(types::F64, MemFlagsData::new(), w),
            types::I8 => self.b.ins().ireduce(types::I8, w),
            _ => w,
        }
    }

    fn stmt(&mut self, s: &StmtKind) -> Result<(), String> {
        match s {
            StmtKind::Assign { dest, value } => {
                let t = clif_type(self.ty(*dest));
                let v = self.rvalue(value, t)?;
                self.b.def_var(self.vars[dest.0 as usize], v);
            }
            StmtKind::Eval(value) => {
                self.rvalue(value, types::I64)?;
            }
            StmtKind::Drop(l) if !self.ty(*l).is_handle() => {}
            StmtKind::Drop(l) => {
                let v = self.b.use_var(self.vars[l.0 as usize]);
                self.helper("jit_decref", &[v]);
                let z = self.b.ins().iconst(types::I64, 0);
                self.b.def_var(self.vars[l.0 as usize], z);
            }
            StmtKind::SetGlobal { global, value } => {
                let addr = self.b.ins().iconst(types::I64, self.globals_addr);
                let off = (global.0 * 8) as i32;
                let ty = self.program.globals[global.0 as usize].ty.clone();
                let old = self
                    .b
                    .ins()
                    .load(types::I64, MemFlagsData::trusted(), addr, off);
                let v = self.b.use_var(self.vars[value.0 as usize]);
                let w = self.to_word(v);
                self.b.ins().store(MemFlagsData::trusted(), w, addr, off);
                let z = self.zero(clif_type(self.ty(*value)));
                self.b.def_var(self.vars[value.0 as usize], z);
                if ty.is_handle() {
                    self.helper("jit_decref", &[old]);
                }
            }
        }
        Ok(())
    }

    fn rvalue(&mut self, r: &Rvalue, t: Type) -> Result<Value, String> {
        Ok(match r {
            Rvalue::Use(o) => self.operand(o),
            Rvalue::Dup(o) => {
                let v = self.operand(o);
                self.helper("jit_incref", &[v]);
                v
            }
            Rvalue::Move(l) => {
                let var = self.vars[l.0 as usize];
                let v = self.b.use_var(var);
                let z = self.zero(clif_type(self.ty(*l)));
                self.b.def_var(var, z);
                v
            }
            Rvalue::Select(c, a, b) => {
                let c = self.operand(c);
                let a = self.operand(a);
                let b = self.operand(b);
                self.b.ins().select(c, a, b)
            }
            Rvalue::Binary(op, a, b) => {
                let a = self.operand(a);
                let b = self.operand(b);
                self.binary(*op, a, b)
            }
            Rvalue::Unary(op, a) => {
                let a = self.operand(a);
                self.unary(*op, a)
            }
            Rvalue::FuncAddr(fi) => {
                let r = self.func_ref(*fi);
                self.b.ins().func_addr(types::I64, r)
            }
            Rvalue::CallIndirect { addr, params, args } => {
                let mut sig = self.module.make_signature();
                for p in params {
                    sig.params.push(AbiParam::new(clif_type(p)));
                }
                sig.returns.push(AbiParam::new(t));
                let sigref = self.b.import_signature(sig);
                let addr = self.operand(addr);
                let vals: Vec<Value> = args.iter().map(|a| self.operand(a)).collect();
                let call = self.b.ins().call_indirect(sigref, addr, &vals);
                self.b.inst_results(call)[0]
            }
            Rvalue::Call(fi, args) => {
                let r = self.func_ref(*fi);
                let vals: Vec<Value> = args.iter().map(|a| self.operand(a)).collect();
                let call = self.b.ins().call(r, &vals);
                self.b.inst_results(call)[0]
            }
            Rvalue::Runtime {
                op: RtOp::Named(mir::Ns::Math, "sqrt"),
                args,
                ..
            } if args.len() == 1 && t == types::F64 => {
                // math.sqrt inline; a negative argument takes the runtime's path (ValueError).
                let x = self.operand(&args[0]);
                let zero = self.b.ins().f64const(0.0);
                let bad = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
                self.guarded(bad, |s| s.b.ins().sqrt(x), "jit_sqrt", &[x], types::F64)
            }
            Rvalue::Runtime { op, tys, args } => {
                let (name, _, extra) = glue_for(*op, tys.len(), args.len());
                let mut vals = Vec::new();
                if let Some(k) = extra {
                    vals.push(self.b.ins().iconst(types::I64, k));
                }
                if let RtOp::Named(_, fname) = op {
                    let h = heap::with(|h| h.intern(fname));
                    vals.push(self.b.ins().iconst(types::I64, h as i64));
                }
                for ty in tys {
                    let id = glue::type_id(ty) as i64;
                    vals.push(self.b.ins().iconst(types::I64, id));
                }
                for a in args {
                    let v = self.operand(a);
                    vals.push(self.to_word(v));
                }
                let w = self.helper(name, &vals);
                self.from_word(w, t)
            }
            Rvalue::Global(g) => {
                let addr = self.b.ins().iconst(types::I64, self.globals_addr);
                let w =
                    self.b
                        .ins()
                        .load(types::I64, MemFlagsData::trusted(), addr, (g.0 * 8) as i32);
                if self.program.globals[g.0 as usize].ty.is_handle() {
                    self.helper("jit_incref", &[w]);
                }
                self.from_word(w, t)
            }
        })
    }

    fn func_ref(&mut self, fi: mir::FuncIdx) -> FuncRef {
        if let Some(r) = self.funcs.get(&fi.0) {
            return *r;
        }
        let id = self.ids[fi.0 as usize].0;
        let r = self.module.declare_func_in_func(id, self.b.func);
        self.funcs.insert(fi.0, r);
        r
    }

    /// `fast` when `bad` is false, else the glue's `slow(a, b)` (which may raise: then unwind).
    fn guarded(
        &mut self,
        bad: Value,
        fast: impl FnOnce(&mut Self) -> Value,
        slow: &'static str,
        args: &[Value],
        t: Type,
    ) -> Value {
        let (bfast, bslow, cont) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.set_cold_block(bslow);
        let r = self.b.append_block_param(cont, t);
        self.b.ins().brif(bad, bslow, &[], bfast, &[]);
        self.b.switch_to_block(bfast);
        let v = fast(self);
        self.b.ins().jump(cont, &[BlockArg::Value(v)]);
        self.b.switch_to_block(bslow);
        let words: Vec<Value> = args.iter().map(|a| self.to_word(*a)).collect();
        let w = self.helper(slow, &words);
        let v = self.from_word(w, t);
        self.check();
        self.b.ins().jump(cont, &[BlockArg::Value(v)]);
        self.b.switch_to_block(cont);
        r
    }

    fn overflowing(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        let (r, of) = match op {
            BinOp::IntAdd => self.b.ins().sadd_overflow(a, b),
            BinOp::IntSub => self.b.ins().ssub_overflow(a, b),
            _ => self.b.ins().smul_overflow(a, b),
        };
        let slow = match op {
            BinOp::IntAdd => "jit_int_add",
            BinOp::IntSub => "jit_int_sub",
            _ => "jit_int_mul",
        };
        self.guarded(of, |_| r, slow, &[a, b], types::I64)
    }

    fn binary(&mut self, op: BinOp, a: Value, b: Value) -> Value {
        match op {
            BinOp::IntAdd | BinOp::IntSub | BinOp::IntMul => self.overflowing(op, a, b),
            BinOp::IntFloorDiv => {
                let bad = self.div_bad(a, b);
                self.guarded(
                    bad,
                    |s| {
                        let q = s.b.ins().sdiv(a, b);
                        let r = s.b.ins().srem(a, b);
                        let nz = s.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                        let x = s.b.ins().bxor(r, b);
                        let neg = s.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                        let adj = s.b.ins().band(nz, neg);
                        let q1 = s.b.ins().iadd_imm_s(q, -1);
                        s.b.ins().select(adj, q1, q)
                    },
                    "jit_floordiv",
                    &[a, b],
                    types::I64,
                )
            }
            BinOp::IntMod => {
                let bad = self.div_bad(a, b);
                self.guarded(
                    bad,
                    |s| {
                        let r = s.b.ins().srem(a, b);
                        let nz = s.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                        let x = s.b.ins().bxor(r, b);
                        let neg = s.b.ins().icmp_imm_s(IntCC::SignedLessThan, x, 0);
                        let adj = s.b.ins().band(nz, neg);
                        let r1 = s.b.ins().iadd(r, b);
                        s.b.ins().select(adj, r1, r)
                    },
                    "jit_modulo",
                    &[a, b],
                    types::I64,
                )
            }
            BinOp::IntBitAnd => self.b.ins().band(a, b),
            BinOp::IntBitOr => self.b.ins().bor(a, b),
            BinOp::IntBitXor => self.b.ins().bxor(a, b),
            BinOp::IntCmp(c) => self.b.ins().icmp(int_cc(c, true), a, b),
            BinOp::BoolCmp(c) => self.b.ins().icmp(int_cc(c, false), a, b),
            BinOp::FloatAdd => self.b.ins().fadd(a, b),
            BinOp::FloatSub => self.b.ins().fsub(a, b),
            BinOp::FloatMul => self.b.ins().fmul(a, b),
            BinOp::FloatDiv => {
                let zero = self.b.ins().f64const(0.0);
                let bad = self.b.ins().fcmp(FloatCC::Equal, b, zero);
                self.guarded(
                    bad,
                    |s| s.b.ins().fdiv(a, b),
                    "jit_true_div",
                    &[a, b],
                    types::F64,
                )
            }
            BinOp::FloatCmp(c) => {
                let cc = match c {
                    CmpOp::Eq => FloatCC::Equal,
                    CmpOp::NotEq => FloatCC::NotEqual,
                    CmpOp::Lt => FloatCC::LessThan,
                    CmpOp::LtE => FloatCC::LessThanOrEqual,
                    CmpOp::Gt => FloatCC::GreaterThan,
                    _ => FloatCC::GreaterThanOrEqual,
                };
                self.b.ins().fcmp(cc, a, b)
            }
        }
    }

    /// `b == 0 || (a == MIN && b == -1)`: the divisions the fast path must not do.
    fn div_bad(&mut self, a: Value, b: Value) -> Value {
        let z = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let m1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let min = self.b.ins().icmp_imm_s(IntCC::Equal, a, i64::MIN);
        let both = self.b.ins().band(m1, min);
        self.b.ins().bor(z, both)
    }

    fn unary(&mut self, op: UnOp, a: Value) -> Value {
        match op {
            UnOp::IntNeg => {
                let zero = self.b.ins().iconst(types::I64, 0);
                let (r, of) = self.b.ins().ssub_overflow(zero, a);
                self.guarded(of, |_| r, "jit_int_neg", &[a], types::I64)
            }
            UnOp::IntInvert => self.b.ins().bnot(a),
            UnOp::FloatNeg => self.b.ins().fneg(a),
            UnOp::FloatAbs => self.b.ins().fabs(a),
            UnOp::Not => self.b.ins().icmp_imm_s(IntCC::Equal, a, 0),
            UnOp::IntToFloat => self.b.ins().fcvt_from_sint(types::F64, a),
            UnOp::BoolToInt => self.b.ins().uextend(types::I64, a),
            UnOp::IntIsNonZero | UnOp::IsNotNull => self.b.ins().icmp_imm_s(IntCC::NotEqual, a, 0),
            UnOp::FloatIsNonZero => {
                let zero = self.b.ins().f64const(0.0);
                self.b.ins().fcmp(FloatCC::NotEqual, a, zero)
            }
        }
    }

    fn terminator(&mut self, t: &Terminator) {
        match t {
            Terminator::Goto(b) => {
                self.b.ins().jump(self.blocks[b.0 as usize], &[]);
            }
            Terminator::Branch { cond, then, els } => {
                let c = self.operand(cond);
                let (bt, be) = (self.blocks[then.0 as usize], self.blocks[els.0 as usize]);
                self.b.ins().brif(c, bt, &[], be, &[]);
            }
            Terminator::Return(l) => {
                let v = match l {
                    Some(l) => {
                        let var = self.vars[l.0 as usize];
                        let v = self.b.use_var(var);
                        let z = self.zero(clif_type(self.ty(*l)));
                        self.b.def_var(var, z);
                        v
                    }
                    None => self.zero(self.ret_type()),
                };
                self.b.ins().jump(self.exit, &[BlockArg::Value(v)]);
            }
            Terminator::Unwind => self.unwind(),
            Terminator::Unreachable => {
                // Dead blocks (after `break`, `return`, a raise) still need a terminator.
                self.unwind_to = None;
                self.unwind();
            }
        }
    }
}

/// The comparison code the glue's comparison entry points take.
fn cmp_code(c: CmpOp) -> i64 {
    match c {
        CmpOp::Eq => 0,
        CmpOp::NotEq => 1,
        CmpOp::Lt => 2,
        CmpOp::LtE => 3,
        CmpOp::Gt => 4,
        _ => 5,
    }
}

fn int_cc(c: CmpOp, signed: bool) -> IntCC {
    match (c, signed) {
        (CmpOp::Eq, _) => IntCC::Equal,
        (CmpOp::NotEq, _) => IntCC::NotEqual,
        (CmpOp::Lt, true) => IntCC::SignedLessThan,
        (CmpOp::LtE, true) => IntCC::SignedLessThanOrEqual,
        (CmpOp::Gt, true) => IntCC::SignedGreaterThan,
        (CmpOp::GtE, true) => IntCC::SignedGreaterThanOrEqual,
        (CmpOp::Lt, false) => IntCC::UnsignedLessThan,
        (CmpOp::LtE, false) => IntCC::UnsignedLessThanOrEqual,
        (CmpOp::Gt, false) => IntCC::UnsignedGreaterThan,
        (_, _) => IntCC::UnsignedGreaterThanOrEqual,
    }
}

impl Compiled {
    /// Runs the entry function (globals, then the module's statements) to its end or to the
    /// first uncaught exception, which it leaves pending.
    // `unsafe` is needed to call machine code the JIT produced. It is sound because `entry` is
    // the finalized code of the MIR entry function, declared with no parameters, one I64 return
    // and the host's default calling convention (the C ABI), and `self` keeps the code alive.
    #[allow(unsafe_code)]
    pub fn call_entry(&self) {
        let f: extern "C" fn() -> i64 = unsafe { std::mem::transmute(self.entry) };
        f();
    }
}
