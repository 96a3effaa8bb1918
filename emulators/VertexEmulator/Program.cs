using VideoGen.VertexEmulator;

await EmulatorApp.Build(args).RunAsync();
