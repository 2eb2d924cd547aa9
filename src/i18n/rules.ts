import type { Catalogue } from './catalogue.ts';

// Alert messages of src/rules (same keys and placeholders in both languages).
export const rules: Catalogue = {
  en: {
    'rules.ram_high': 'RAM {percent} used ({used} of {total}) for over {secs} s; biggest: {top}',
    'rules.swap_high': 'swap {percent} used ({used} of {total})',
    'rules.zombie':
      '{count} zombie process(es) of {parent} (pid {ppid}) not reaped for over {secs} s: {pids}',
    'rules.orphan_cpu': 'orphan {cmd} (pid {pid}) uses {cpu} CPU; its parent {parent} is gone',
    'rules.orphan_cpu.adopted':
      'orphan {cmd} (pid {pid}) uses {cpu} CPU; its parent died before Vigil saw it (init adopted it)',
    'rules.duplicate_processes': '{count} identical processes "{cmd}"{where} ({ram}): pids {pids}',
    'rules.ghost_process_storm':
      '{count} identical processes "{cmd}"{where} use {ram} ({percent} of RAM), started by {origin}{hint}: pids {pids}',
    'rules.where.container': ' in container {container}',
    'rules.hint.ai': ' — probably {what} not terminated by {tool}',
    'rules.hint.node':
      ' — probably {what} not terminated by the AI coding tool (Claude Code, Codex…) or Node program that started them',
    'rules.hint.mcp': 'MCP servers',
    'rules.hint.helpers': 'helper processes',
    'rules.origin.ai': 'the AI tool {who}',
    'rules.origin.node': '{who}',
    'rules.origin.orphan': 'a parent that is gone, {who}',
    'rules.origin.unknown': 'a parent that is gone, before Vigil saw it',
    'rules.origin.gone': ', exited',
    'rules.disk_low': '{mount} has only {free} free ({percent})',
    'rules.disk_low_inodes': '{mount} has only {percent} of its inodes free',
    'rules.disk_fill_eta': '{mount} will be full in about {eta} at the current rate ({rate} per hour)',
    'rules.oom_kill': 'the kernel OOM killer killed {name} (pid {pid}, {rss}){cgroup}',
    'rules.oom_kill.cgroup': ' in cgroup {cgroup}',
    'rules.load_high':
      'load {load} above {limit} ({factor} × {cores} cores) for over {secs} s; busiest: {top}',
    'rules.temperature_high': '{what} at {celsius} °C, above its maximum of {max} °C',
    'rules.memory_leak': '{cmd} (pid {pid}) grew by {growth} in {window} ({rate} per minute), now {rss}',
    'rules.baseline_anomaly': '{metric} at {value}, usually {mean} ± {std} at this hour (z = {z})',
    'rules.pending.ram_high': 'RAM {percent} used',
    'rules.pending.load_high': 'load {load} above {limit}',
    'rules.metric.cpu_percent': 'CPU usage',
    'rules.metric.memory_percent': 'memory usage',
    'rules.metric.load_per_core': 'load per core',
  },
  fr: {
    'rules.ram_high':
      'RAM utilisée à {percent} ({used} sur {total}) depuis plus de {secs} s ; le plus gros : {top}',
    'rules.swap_high': 'swap utilisé à {percent} ({used} sur {total})',
    'rules.zombie':
      '{count} processus zombie(s) de {parent} (pid {ppid}) non récupérés depuis plus de {secs} s : {pids}',
    'rules.orphan_cpu': 'l’orphelin {cmd} (pid {pid}) utilise {cpu} de CPU ; son parent {parent} a disparu',
    'rules.orphan_cpu.adopted':
      'l’orphelin {cmd} (pid {pid}) utilise {cpu} de CPU ; son parent a disparu avant que Vigil ne le voie (init l’a adopté)',
    'rules.duplicate_processes': '{count} processus identiques « {cmd} »{where} ({ram}) : pids {pids}',
    'rules.ghost_process_storm':
      '{count} processus identiques « {cmd} »{where} occupent {ram} ({percent} de la RAM), lancés par {origin}{hint} : pids {pids}',
    'rules.where.container': ' dans le conteneur {container}',
    'rules.hint.ai': ' — probablement des {what} non terminés par {tool}',
    'rules.hint.node':
      ' — probablement des {what} non terminés par l’outil de code IA (Claude Code, Codex…) ou le programme Node qui les a lancés',
    'rules.hint.mcp': 'serveurs MCP',
    'rules.hint.helpers': 'processus auxiliaires',
    'rules.origin.ai': 'l’outil d’IA {who}',
    'rules.origin.node': '{who}',
    'rules.origin.orphan': 'un parent disparu, {who}',
    'rules.origin.unknown': 'un parent disparu avant que Vigil ne le voie',
    'rules.origin.gone': ', terminé',
    'rules.disk_low': '{mount} n’a plus que {free} de libre ({percent})',
    'rules.disk_low_inodes': '{mount} n’a plus que {percent} de ses inodes libres',
    'rules.disk_fill_eta': '{mount} sera plein dans environ {eta} au rythme actuel ({rate} par heure)',
    'rules.oom_kill': 'le noyau (OOM killer) a tué {name} (pid {pid}, {rss}){cgroup}',
    'rules.oom_kill.cgroup': ' dans le cgroup {cgroup}',
    'rules.load_high':
      'charge {load} au-dessus de {limit} ({factor} × {cores} cœurs) depuis plus de {secs} s ; le plus actif : {top}',
    'rules.temperature_high': '{what} à {celsius} °C, au-dessus de son maximum de {max} °C',
    'rules.memory_leak':
      '{cmd} (pid {pid}) a grossi de {growth} en {window} ({rate} par minute), {rss} maintenant',
    'rules.baseline_anomaly': '{metric} à {value}, d’habitude {mean} ± {std} à cette heure (z = {z})',
    'rules.pending.ram_high': 'RAM utilisée à {percent}',
    'rules.pending.load_high': 'charge {load} au-dessus de {limit}',
    'rules.metric.cpu_percent': 'l’usage CPU',
    'rules.metric.memory_percent': 'l’usage mémoire',
    'rules.metric.load_per_core': 'la charge par cœur',
  },
};
