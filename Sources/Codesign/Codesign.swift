// Codesign: search space, cost-model scoring, sweeps, Pareto front, reports and plots
// (DESIGN.md, issue 6). Nothing is implemented here yet; this file only reserves the module.
