using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(OpenCcm.Benchmarks.SgxQuoteBenchmarks).Assembly).Run(args);
