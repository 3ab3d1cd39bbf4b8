Console.Error.WriteLine("usage: bot <command> [options]");
return 2;
