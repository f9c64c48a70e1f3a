#!/usr/bin/env bash
# bench/compare-llamacpp.sh: Tandem against llama.cpp on the same GGUF files, in the same run.
#
#   bench/compare-llamacpp.sh                 # qwen3-0.6b random shape, bf16 and q8_0, prompt 512, gen 128
#
# Steps: (1) llama.cpp's own llama-bench, built once from the llama.cpp source bundled in the npm package
# node-llama-cpp@3.22.1 and cached in the scratch folder; (2) the random model (tandem model random) and its
# GGUF exports (tandem model export-gguf); (3) DRAM read bandwidth (tandem bench memory); (4) per type,
# llama-bench at 1 and 2 threads (its best kept: on 2 cores, llama.cpp's spinning threads starve when a third
# busy thread shares them) and Tandem on the same GGUF; (5) one JSON object on stdout with both results, their
# ratios and the decode roofline (weight bytes per decode step / DRAM bandwidth). Progress goes to stderr.
#
# Environment (all optional):
#   TANDEM_SCRATCH   scratch folder (default ~/.cache/tandem-llamacpp): npm package, llama.cpp build, model, GGUFs
#   SHAPE            random model shape (default qwen3-0.6b)      TYPES     GGUF types (default "bf16 q8_0")
#   PROMPT, GEN      prompt and generated tokens (512, 128)       LLAMA_THREADS  llama-bench threads (1,2)
#   LLAMA_REPS       llama-bench repetitions (3)                  TANDEM_RUNS    Tandem runs per type, best kept (1)
#   JOBS             parallel build jobs (nproc)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=${TANDEM_SCRATCH:-$HOME/.cache/tandem-llamacpp}
shape=${SHAPE:-qwen3-0.6b}
types=${TYPES:-bf16 q8_0}
prompt=${PROMPT:-512}
gen=${GEN:-128}
llama_threads=${LLAMA_THREADS:-1,2}
llama_reps=${LLAMA_REPS:-3}
tandem_runs=${TANDEM_RUNS:-1}
jobs=${JOBS:-$(nproc)}
npm_package=node-llama-cpp@3.22.1
tandem="$root/tandem"

log() { echo "[compare-llamacpp] $*" >&2; }
need() { command -v "$1" >/dev/null || { log "needs $1 on PATH"; exit 1; }; }
for tool in node npm git cmake make c++; do need "$tool"; done

mkdir -p "$scratch"
run_dir="$scratch/runs/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$run_dir"
# other processes on the cores skew every number: the 1-minute load average before each measurement goes in the JSON
load() { echo "$1 $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)" >>"$run_dir/load.txt"; }

# --- 1. llama.cpp's llama-bench from node-llama-cpp's bundled source -------------------------------------------
llama_src="$scratch/llama.cpp"
llama_bench="$llama_src/build/bin/llama-bench"
if [ ! -x "$llama_bench" ]; then
  bundle="$scratch/npm/node_modules/node-llama-cpp/llama/gitRelease.bundle"
  if [ ! -f "$bundle" ]; then
    log "installing $npm_package into $scratch/npm (no install scripts, no prebuilt binaries)"
    npm install --prefix "$scratch/npm" "$npm_package" --ignore-scripts --omit=optional --no-audit --no-fund >&2
  fi
  if [ ! -f "$llama_src/CMakeLists.txt" ]; then
    log "cloning llama.cpp from $bundle"
    rm -rf "$llama_src"
    git clone --quiet "$bundle" "$llama_src" >&2
  fi
  log "building llama-bench (Release, GGML_NATIVE=ON, $jobs jobs; a few minutes on 2 cores; log: $scratch/build.log)"
  cmake -S "$llama_src" -B "$llama_src/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF >"$scratch/build.log" 2>&1
  cmake --build "$llama_src/build" --config Release --target llama-bench -j "$jobs" >>"$scratch/build.log" 2>&1 \
    || { log "llama.cpp build failed, see $scratch/build.log"; exit 1; }
fi
llama_info=$(node -e 'const i=require(process.argv[1]); process.stdout.write(JSON.stringify(i))' \
  "$scratch/npm/node_modules/node-llama-cpp/llama/llama.cpp.info.json" 2>/dev/null || echo '{}')

# --- 2. the model and its GGUF exports --------------------------------------------------------------------------
model="$scratch/$shape"
if [ ! -f "$model/config.json" ]; then
  log "writing the random $shape model (bf16, seed 1) to $model"
  "$tandem" model random --shape "$shape" --dtype bf16 --seed 1 --out "$model" >&2
fi
for type in $types; do
  gguf="$scratch/$shape-$type.gguf"
  if [ ! -f "$gguf" ] || [ ! -f "$gguf.json" ] || [ "$model/config.json" -nt "$gguf" ]; then
    log "exporting $gguf"
    "$tandem" model export-gguf --model "$model" --out "$gguf" --type "$type" --json >"$gguf.json"
  fi
done

# --- 3. DRAM read bandwidth -------------------------------------------------------------------------------------
log "measuring DRAM read bandwidth (1 GiB, 1 and 2 threads)"
load memory
"$tandem" bench memory --size-mib 1024 --threads 1,2 --passes 5 --json >"$run_dir/memory.json"

# --- 4. both engines on each GGUF -------------------------------------------------------------------------------
vocab=$(node -e 'process.stdout.write(String(require(process.argv[1]).vocab_size))' "$model/config.json")
prompt_ids=$(awk -v n="$prompt" -v vocab="$vocab" 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "%s%d", (i ? "," : ""), int(rand() * vocab) }')
has_bench_engine=false
# `bench engine` (the serving engine's benchmark) when this build has it, else one `generate` request
if "$tandem" bench --help 2>/dev/null | grep -qE '^[[:space:]]+engine([[:space:]]|$)'; then has_bench_engine=true; fi

run_tandem() { # $1 gguf, $2 output file: {"source", "prefill_tok_s", "decode_tok_s"}, best of $tandem_runs
  local gguf=$1 out=$2 i
  for i in $(seq 1 "$tandem_runs"); do
    if $has_bench_engine; then
      "$tandem" bench engine --model "$gguf" --batch 1 --prompt "$prompt" --gen "$gen" --json >"$out.$i"
    else
      "$tandem" generate --model "$gguf" --prompt-ids "$prompt_ids" --max-tokens "$gen" --temperature 0 --ignore-eos \
        --json >"$out.$i"
    fi
  done
  node -e '
    const fs = require("fs");
    const [out, runs] = [process.argv[1], +process.argv[2]];
    let best = null;
    for (let i = 1; i <= runs; i++) {
      const r = JSON.parse(fs.readFileSync(out + "." + i, "utf8"));
      const s = r.batches ? { source: "tandem bench engine", ...r.batches.find(b => b.batch === 1), peak_rss_bytes: r.peak_rss_bytes }
                          : { source: "tandem generate", prefill_tok_s: r.stats.prefill_tok_s, decode_tok_s: r.stats.decode_tok_s };
      best = best ? { ...best, prefill_tok_s: Math.max(best.prefill_tok_s, s.prefill_tok_s),
                               decode_tok_s: Math.max(best.decode_tok_s, s.decode_tok_s) } : s;
    }
    best.runs = runs;
    fs.writeFileSync(out, JSON.stringify(best));' "$out" "$tandem_runs"
}

for type in $types; do
  gguf="$scratch/$shape-$type.gguf"
  log "llama-bench on $gguf: -p $prompt -n $gen -t $llama_threads -r $llama_reps"
  load "llamacpp-$type"
  "$llama_bench" -m "$gguf" -p "$prompt" -n "$gen" -t "$llama_threads" -r "$llama_reps" -o json >"$run_dir/llamacpp-$type.json" \
    2>"$run_dir/llamacpp-$type.log"
  log "Tandem on $gguf ($($has_bench_engine && echo "bench engine" || echo "generate fallback"))"
  load "tandem-$type"
  run_tandem "$gguf" "$run_dir/tandem-$type.json" 2>"$run_dir/tandem-$type.log"
done

# --- 5. one JSON object -----------------------------------------------------------------------------------------
node -e '
  const fs = require("fs");
  const [runDir, scratch, shape, types, prompt, gen, llamaInfo] = process.argv.slice(1);
  const read = f => JSON.parse(fs.readFileSync(f, "utf8"));
  const round = (x, d = 2) => x == null ? null : Math.round(x * 10 ** d) / 10 ** d;
  const memory = read(runDir + "/memory.json");
  const bandwidth = memory.best_gb_s * 1e9;
  const loadAverage = Object.fromEntries(fs.readFileSync(runDir + "/load.txt", "utf8").trim().split("\n")
    .map(line => line.split(" ")).map(([step, value]) => [step, isNaN(+value) ? value : +value]));
  const result = { shape, prompt_tokens: +prompt, gen_tokens: +gen, run_dir: runDir, llamacpp_source: JSON.parse(llamaInfo),
                   cores: require("os").cpus().length, load_average_1m: loadAverage, memory, types: {} };
  for (const type of types.trim().split(/\s+/)) {
    const gguf = scratch + "/" + shape + "-" + type + ".gguf";
    const exported = read(gguf + ".json");
    const tandem = read(runDir + "/tandem-" + type + ".json");
    const rows = read(runDir + "/llamacpp-" + type + ".json");
    const byThreads = {};
    for (const r of rows) {
      const t = byThreads[r.n_threads] ??= {};
      // avg_ts (the figure llama-bench reports, used for the ratios) and the fastest repetition (less hurt by other load)
      const kind = r.n_prompt > 0 && r.n_gen === 0 ? "prefill" : r.n_gen > 0 && r.n_prompt === 0 ? "decode" : null;
      if (kind) {
        t[kind + "_tok_s"] = round(r.avg_ts);
        t[kind + "_fastest_rep_tok_s"] = round(Math.max(...r.samples_ts));
      }
    }
    const best = key => Object.entries(byThreads).reduce((b, [threads, t]) =>
      t[key] != null && (b == null || t[key] > b.value) ? { value: t[key], threads: +threads } : b, null);
    const prefill = best("prefill_tok_s"), decode = best("decode_tok_s");
    const roofline = bandwidth / exported.decode_weight_bytes;
    result.llamacpp_build = rows.length ? { commit: rows[0].build_commit, number: rows[0].build_number,
      cpu: rows[0].cpu_info, backends: rows[0].backends, type_k: rows[0].type_k, flash_attn: rows[0].flash_attn } : null;
    result.types[type] = {
      gguf, file_bytes: exported.file_bytes, decode_weight_bytes: exported.decode_weight_bytes,
      tandem,
      llamacpp: { by_threads: byThreads,
                  best: { prefill_tok_s: prefill?.value, prefill_threads: prefill?.threads,
                          decode_tok_s: decode?.value, decode_threads: decode?.threads } },
      ratio_tandem_over_llamacpp: { prefill: round(tandem.prefill_tok_s / prefill?.value, 3),
                                    decode: round(tandem.decode_tok_s / decode?.value, 3) },
      roofline: { bandwidth_gb_s: memory.best_gb_s, decode_tok_s: round(roofline),
                  tandem_fraction: round(tandem.decode_tok_s / roofline, 3),
                  llamacpp_fraction: round(decode?.value / roofline, 3) },
    };
  }
  fs.writeFileSync(runDir + "/result.json", JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));' \
  "$run_dir" "$scratch" "$shape" "$types" "$prompt" "$gen" "$llama_info"
log "saved in $run_dir"
