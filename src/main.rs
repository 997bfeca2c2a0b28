fn main() -> std::process::ExitCode {
    roadmap::run()
}
