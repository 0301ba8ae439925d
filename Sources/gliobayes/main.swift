import GlioBayesCommandLine
#if canImport(Glibc)
import Glibc
#endif

exit(GlioBayesCommandLine.run(Array(CommandLine.arguments.dropFirst())))
