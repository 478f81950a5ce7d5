using OpenCcm.Cli;

return await CcmApp.RunAsync(args, Console.Out, Console.Error);
